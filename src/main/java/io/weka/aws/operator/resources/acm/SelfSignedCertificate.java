package io.weka.aws.operator.resources.acm;

import io.weka.aws.operator.resources.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The module's self-signed certificate (modules/self_signed_certificate): RSA 2048, SHA-256, valid for a year,
 * subject CN and O as given, key usage digital signature and key encipherment, extended key usage server auth, not
 * a CA. Built with BouncyCastle's certificate builder; the keys and the signature are the JDK's. The private key
 * leaves this object only as the PEM handed to ACM, and is never kept or logged.
 */
public final class SelfSignedCertificate {
    public static final Duration VALIDITY = Duration.ofHours(8760);

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
            X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, organization)
                    .addRDN(BCStyle.CN, commonName).build();
            BigInteger serial = new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
            // BouncyCastle's Time picks UTCTime until 2049 and GeneralizedTime after, as RFC 5280 requires.
            X509CertificateHolder certificate = new JcaX509v3CertificateBuilder(name, serial, Date.from(notBefore),
                    Date.from(notBefore.plus(VALIDITY)), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
            // The JDK encodes private keys as PKCS#8, the form ACM imports.
            return new SelfSignedCertificate(Pem.encode("CERTIFICATE", certificate.getEncoded()),
                    Pem.encode("PRIVATE KEY", keys.getPrivate().getEncoded()));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("the JDK cannot make an RSA certificate", e);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding the certificate failed", e);
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
}
