package io.weka.aws.operator.resources.ec2;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/**
 * SSH keys as the module's tls_private_key makes them: RSA 4096, the public half in OpenSSH format and the private
 * half as a PKCS#1 PEM ("BEGIN RSA PRIVATE KEY"), which ssh and every SSH client read.
 */
final class SshKeys {
    private SshKeys() {
    }

    /** A generated key; its text form never shows the private half. */
    record Generated(String publicOpenSsh, String privatePem) {
        @Override
        public String toString() {
            return "SshKeys.Generated[" + publicOpenSsh.substring(0, Math.min(24, publicOpenSsh.length())) + "…]";
        }
    }

    static Generated generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(4096);
            KeyPair pair = generator.generateKeyPair();
            return new Generated(openSsh((RSAPublicKey) pair.getPublic()), pkcs1Pem((RSAPrivateCrtKey) pair.getPrivate()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation is not available", e);
        }
    }

    /** {@code ssh-rsa <base64 of string "ssh-rsa", mpint e, mpint n>} (RFC 4253 §6.6). */
    static String openSsh(RSAPublicKey key) {
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        sshString(blob, "ssh-rsa".getBytes(StandardCharsets.US_ASCII));
        sshString(blob, key.getPublicExponent().toByteArray());
        sshString(blob, key.getModulus().toByteArray());
        return "ssh-rsa " + Base64.getEncoder().encodeToString(blob.toByteArray());
    }

    /** Whether two OpenSSH public keys are the same key: type and key blob, whatever their comments. */
    static boolean sameKey(String a, String b) {
        return a != null && b != null && keyPart(a).equals(keyPart(b));
    }

    private static String keyPart(String openSsh) {
        String[] fields = openSsh.trim().split("\\s+");
        return fields.length < 2 ? openSsh.trim() : fields[0] + " " + fields[1];
    }

    /** RFC 8017 A.1.2 RSAPrivateKey, DER in PEM armour. */
    static String pkcs1Pem(RSAPrivateCrtKey key) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (BigInteger value : new BigInteger[] {BigInteger.ZERO, key.getModulus(), key.getPublicExponent(),
                key.getPrivateExponent(), key.getPrimeP(), key.getPrimeQ(), key.getPrimeExponentP(),
                key.getPrimeExponentQ(), key.getCrtCoefficient()}) {
            der(body, 0x02, value.toByteArray());
        }
        ByteArrayOutputStream sequence = new ByteArrayOutputStream();
        der(sequence, 0x30, body.toByteArray());
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(sequence.toByteArray());
        return "-----BEGIN RSA PRIVATE KEY-----\n" + base64 + "\n-----END RSA PRIVATE KEY-----\n";
    }

    private static void sshString(ByteArrayOutputStream out, byte[] value) {
        int n = value.length;
        out.write(n >>> 24);
        out.write(n >>> 16);
        out.write(n >>> 8);
        out.write(n);
        out.writeBytes(value);
    }

    private static void der(ByteArrayOutputStream out, int tag, byte[] content) {
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(content);
    }
}
