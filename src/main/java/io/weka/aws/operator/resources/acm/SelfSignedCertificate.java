package io.weka.aws.operator.resources.acm;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * The module's self-signed certificate (modules/self_signed_certificate): RSA 2048, SHA-256, valid for a year,
 * subject CN and O as given, key usage digital signature and key encipherment, extended key usage server auth, not
 * a CA. Built with the JDK alone: a small DER writer for the few structures X.509 needs. The private key leaves
 * this object only as the PEM handed to ACM, and is never kept or logged.
 */
public final class SelfSignedCertificate {
    public static final Duration VALIDITY = Duration.ofHours(8760);

    private static final int SEQUENCE = 0x30;
    private static final int SET = 0x31;
    private static final String SHA256_WITH_RSA = "1.2.840.113549.1.1.11";

    private final String certificatePem;
    private final String privateKeyPem;

    private SelfSignedCertificate(String certificatePem, String privateKeyPem) {
        this.certificatePem = certificatePem;
        this.privateKeyPem = privateKeyPem;
    }

    public static SelfSignedCertificate generate(String commonName, String organization, Instant notBefore) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            byte[] name = der(SEQUENCE, attribute("2.5.4.10", organization), attribute("2.5.4.3", commonName));
            byte[] algorithm = der(SEQUENCE, oid(SHA256_WITH_RSA), new byte[] {0x05, 0x00});
            byte[] tbs = der(SEQUENCE,
                    der(0xA0, integer(BigInteger.TWO)),
                    integer(new BigInteger(127, new SecureRandom()).add(BigInteger.ONE)),
                    algorithm,
                    name,
                    der(SEQUENCE, time(notBefore), time(notBefore.plus(VALIDITY))),
                    name,
                    keys.getPublic().getEncoded(),
                    der(0xA3, der(SEQUENCE,
                            extension("2.5.29.19", true, der(SEQUENCE)),
                            // digitalSignature (bit 0) and keyEncipherment (bit 2); 5 unused bits
                            extension("2.5.29.15", true, new byte[] {0x03, 0x02, 0x05, (byte) 0xA0}),
                            extension("2.5.29.37", false, der(SEQUENCE, oid("1.3.6.1.5.5.7.3.1"))))));
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(keys.getPrivate());
            signer.update(tbs);
            byte[] signature = signer.sign();
            byte[] bits = new byte[signature.length + 1];
            System.arraycopy(signature, 0, bits, 1, signature.length);
            byte[] certificate = der(SEQUENCE, tbs, algorithm, der(0x03, bits));
            return new SelfSignedCertificate(pem("CERTIFICATE", certificate),
                    pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make an RSA certificate", e);
        }
    }

    public String certificatePem() {
        return certificatePem;
    }

    /** PKCS#8, unencrypted, as ACM imports it. */
    public String privateKeyPem() {
        return privateKeyPem;
    }

    @Override
    public String toString() {
        return "SelfSignedCertificate[private key withheld]";
    }

    private static byte[] attribute(String type, String value) {
        return der(SET, der(SEQUENCE, oid(type), der(0x0C, value.getBytes(StandardCharsets.UTF_8))));
    }

    private static byte[] extension(String id, boolean critical, byte[] value) {
        return critical ? der(SEQUENCE, oid(id), new byte[] {0x01, 0x01, (byte) 0xFF}, der(0x04, value))
                : der(SEQUENCE, oid(id), der(0x04, value));
    }

    /** UTCTime until 2049, GeneralizedTime after, as RFC 5280 requires. */
    private static byte[] time(Instant instant) {
        var utc = instant.atOffset(ZoneOffset.UTC);
        boolean utcTime = utc.getYear() < 2050;
        String text = utc.format(DateTimeFormatter.ofPattern(utcTime ? "yyMMddHHmmss'Z'" : "yyyyMMddHHmmss'Z'"));
        return der(utcTime ? 0x17 : 0x18, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] integer(BigInteger value) {
        return der(0x02, value.toByteArray());
    }

    private static byte[] oid(String dotted) {
        String[] arcs = dotted.split("[.]");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            long arc = Long.parseLong(arcs[i]);
            int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(arc) + 6) / 7);
            for (int g = groups - 1; g >= 0; g--) {
                out.write((int) ((arc >>> (7 * g)) & 0x7F) | (g > 0 ? 0x80 : 0));
            }
        }
        return der(0x06, out.toByteArray());
    }

    /** One DER element: tag, definite length, then the contents concatenated. */
    private static byte[] der(int tag, byte[]... contents) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] content : contents) {
            body.writeBytes(content);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = body.size();
        if (length < 0x80) {
            out.write(length);
        } else {
            byte[] bytes = BigInteger.valueOf(length).toByteArray();
            int skip = bytes[0] == 0 ? 1 : 0;
            out.write(0x80 | (bytes.length - skip));
            out.write(bytes, skip, bytes.length - skip);
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static String pem(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }
}
