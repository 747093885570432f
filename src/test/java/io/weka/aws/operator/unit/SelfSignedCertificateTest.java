package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.weka.aws.operator.resources.acm.SelfSignedCertificate;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfSignedCertificateTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final SelfSignedCertificate generated = SelfSignedCertificate.generate("*.us-east-1.elb.amazonaws.com",
            "Weka Cluster Self-signed CA", NOW);

    @Test
    void isTheModulesCertificateAsTheJdkReadsIt() throws Exception {
        X509Certificate certificate = parse(generated.certificatePem());

        certificate.verify(certificate.getPublicKey());
        assertThat(certificate.getVersion()).isEqualTo(3);
        assertThat(certificate.getSubjectX500Principal().getName())
                .isEqualTo("CN=*.us-east-1.elb.amazonaws.com,O=Weka Cluster Self-signed CA");
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
        assertThat(certificate.getNotBefore().toInstant()).isEqualTo(NOW);
        assertThat(Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofHours(8760));
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(((RSAPublicKey) certificate.getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(certificate.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(certificate.getKeyUsage()).startsWith(true, false, true, false);
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(certificate.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.15", "2.5.29.19");
        assertThat(certificate.getSerialNumber().signum()).isPositive();
    }

    @Test
    void thePrivateKeyIsPkcs8AndBelongsToTheCertificate() throws Exception {
        String pem = generated.privateKeyPem();
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));

        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update("weka".getBytes(StandardCharsets.UTF_8));
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(parse(generated.certificatePem()).getPublicKey());
        verifier.update("weka".getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void eachCertificateHasItsOwnKeyAndSerialAndNeverPrintsTheKey() throws Exception {
        SelfSignedCertificate other = SelfSignedCertificate.generate("a.example", "O", NOW);

        assertThat(other.privateKeyPem()).isNotEqualTo(generated.privateKeyPem());
        assertThat(parse(other.certificatePem()).getSerialNumber())
                .isNotEqualTo(parse(generated.certificatePem()).getSerialNumber());
        assertThat(generated.toString()).doesNotContain(List.of("PRIVATE", "BEGIN"));
    }

    @Test
    void datesFrom2050AreGeneralizedTime() throws Exception {
        Instant late = Instant.parse("2049-12-01T00:00:00Z");
        X509Certificate certificate = parse(SelfSignedCertificate.generate("a.example", "O", late).certificatePem());

        assertThat(certificate.getNotBefore().toInstant()).isEqualTo(late);
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(late.plus(Duration.ofHours(8760)));
    }

    private static X509Certificate parse(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}
