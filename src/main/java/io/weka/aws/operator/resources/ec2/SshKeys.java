package io.weka.aws.operator.resources.ec2;

import io.weka.aws.operator.resources.Pem;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * SSH keys as the module's tls_private_key makes them: RSA 4096, the public half in OpenSSH format and the private
 * half as a PKCS#1 PEM ("BEGIN RSA PRIVATE KEY"), which ssh and every SSH client read. The JDK makes the key,
 * BouncyCastle writes both formats.
 */
public final class SshKeys {
    private SshKeys() {
    }

    /** A generated key; its text form never shows the private half. */
    public record Generated(String publicOpenSsh, String privatePem) {
        @Override
        public String toString() {
            return "SshKeys.Generated[" + publicOpenSsh.substring(0, Math.min(24, publicOpenSsh.length())) + "…]";
        }
    }

    public static Generated generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(4096);
            KeyPair pair = generator.generateKeyPair();
            return new Generated(openSsh(pair.getPublic()), pkcs1Pem(pair.getPrivate()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation is not available", e);
        }
    }

    /** {@code ssh-rsa <base64 of string "ssh-rsa", mpint e, mpint n>} (RFC 4253 §6.6). */
    private static String openSsh(PublicKey key) {
        try {
            return "ssh-rsa " + Base64.getEncoder().encodeToString(OpenSSHPublicKeyUtil.encodePublicKey(
                    PublicKeyFactory.createKey(key.getEncoded())));
        } catch (IOException e) {
            throw new IllegalArgumentException("not an RSA public key the JDK made", e);
        }
    }

    /** Whether two OpenSSH public keys are the same key: type and key blob, whatever their comments. */
    static boolean sameKey(String a, String b) {
        return a != null && b != null && keyPart(a).equals(keyPart(b));
    }

    private static String keyPart(String openSsh) {
        String[] fields = openSsh.trim().split("\\s+");
        return fields.length < 2 ? openSsh.trim() : fields[0] + " " + fields[1];
    }

    /** RFC 8017 A.1.2 RSAPrivateKey in PEM armour: the PKCS#1 key inside the JDK's PKCS#8 encoding. */
    private static String pkcs1Pem(PrivateKey key) {
        try {
            return Pem.encode("RSA PRIVATE KEY", PrivateKeyInfo.getInstance(key.getEncoded()).parsePrivateKey()
                    .toASN1Primitive().getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            throw new IllegalArgumentException("not an RSA private key the JDK made", e);
        }
    }
}
