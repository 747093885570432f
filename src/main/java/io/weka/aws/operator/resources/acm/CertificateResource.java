package io.weka.aws.operator.resources.acm;

import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.model.ClusterTags;
import io.weka.aws.operator.model.InstanceGroup;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.Removal;
import io.weka.aws.operator.resources.ResourceConflictException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.ListCertificatesRequest;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * The listeners' certificate when the spec brings none (modules/self_signed_certificate): generated, imported
 * into ACM, and renewed in place (same ARN, so the listeners keep it) once it is within two weeks of expiring, the
 * module's early renewal. Its PEM goes to the secret {@code <secret prefix>self-signed-cert-pem-<suffix>}, as the
 * module stores it for clients' {@code --cacert}; that secret's tag also records the ACM ARN, since ACM certificates
 * have no name to be found by.
 */
public final class CertificateResource implements AwsResource {
    public static final String ORGANIZATION = "Weka Cluster Self-signed CA";
    static final String ARN_TAG = "weka.io/certificate-arn";
    static final Duration EARLY_RENEWAL = Duration.ofHours(336);

    @Override
    public String kind() {
        return "Certificate";
    }

    @Override
    public Set<Fact<?>> needs() {
        return Set.of(Facts.SECRETS_KMS_KEY_ARN);
    }

    @Override
    public Set<Fact<?>> publishes() {
        return Set.of(Facts.CERTIFICATE_ARN, Facts.CERTIFICATE_SECRET_ID, Facts.CERTIFICATE_PEM);
    }

    @Override
    public boolean wanted(WekaClusterSpec spec) {
        return spec.loadBalancer.enabled && spec.loadBalancer.certificateArn == null;
    }

    /** The module's subject: every load balancer name of the region. */
    static String commonName(ClusterContext context) {
        return "*." + context.spec().region + ".elb.amazonaws.com";
    }

    static boolean due(CertificateDetail certificate, Instant now) {
        return certificate.notAfter() == null || !now.plus(EARLY_RENEWAL).isBefore(certificate.notAfter());
    }

    @Override
    public void converge(ClusterContext context) {
        AcmClient acm = context.aws().acm();
        String secretName = context.names().secret("self-signed-cert-pem");
        Optional<DescribeSecretResponse> secret = describeSecret(context, secretName);
        secret.ifPresent(s -> requireOwned(context, s));
        Optional<CertificateDetail> certificate = recorded(secret).or(() -> orphan(context)).flatMap(a -> describe(acm, a));
        String pem = null;
        String arn;
        if (certificate.isEmpty() || due(certificate.get(), Instant.now())) {
            SelfSignedCertificate generated = SelfSignedCertificate.generate(commonName(context), ORGANIZATION,
                    Instant.now());
            pem = generated.certificatePem();
            arn = context.aws().sentOnce().acm().importCertificate(r -> r.certificateArn(certificate.map(CertificateDetail::certificateArn)
                    .orElse(null)).certificate(SdkBytes.fromUtf8String(generated.certificatePem()))
                    .privateKey(SdkBytes.fromUtf8String(generated.privateKeyPem()))
                    .tags(certificate.isPresent() ? null : ClusterTags.as(context.tags().common(),
                            (k, v) -> software.amazon.awssdk.services.acm.model.Tag.builder().key(k).value(v).build())))
                    .certificateArn();
            if (certificate.isEmpty()) {
                context.created(kind(), arn);
            } else {
                context.updated(kind(), arn, "renewed, it expired " + certificate.get().notAfter());
            }
        } else {
            arn = certificate.get().certificateArn();
        }
        String secretArn = convergeSecret(context, secretName, secret, arn, pem);
        context.publish(Facts.CERTIFICATE_ARN, arn);
        // Only clients and the CSI plugin's Secret carry the PEM (to trust the load balancer); without them a
        // converged pass asks ACM nothing more.
        if (InstanceGroup.CLIENTS.wanted(context.spec()) || context.spec().csiSecret.enabled) {
            context.publish(Facts.CERTIFICATE_PEM, pem != null ? pem
                    : acm.getCertificate(r -> r.certificateArn(arn)).certificate());
        }
        context.publish(Facts.CERTIFICATE_SECRET_ID, secretArn);
        context.owns(kind(), commonName(context), arn);
        context.owns("SecretsManagerSecret", secretName, secretArn);
    }

    /** Creates the PEM secret, or brings its value and ARN tag in step; a PEM of null means "as ACM holds it". */
    private String convergeSecret(ClusterContext context, String name, Optional<DescribeSecretResponse> secret,
            String arn, String pem) {
        SecretsManagerClient secrets = context.aws().secretsManager();
        Map<String, String> tags = context.tags().with(Map.of(ARN_TAG, arn));
        if (secret.isEmpty()) {
            String value = pem != null ? pem : context.aws().acm().getCertificate(r -> r.certificateArn(arn)).certificate();
            String created = context.aws().sentOnce().secretsManager().createSecret(r -> r.name(name).secretString(value)
                    .kmsKeyId(context.find(Facts.SECRETS_KMS_KEY_ARN).orElse(null))
                    .tags(ClusterTags.as(tags, (k, v) -> Tag.builder().key(k).value(v).build()))).arn();
            context.created("SecretsManagerSecret", name);
            return created;
        }
        DescribeSecretResponse actual = secret.get();
        if (actual.deletedDate() != null) {
            secrets.restoreSecret(r -> r.secretId(name));
            context.updated("SecretsManagerSecret", name, "restored from scheduled deletion");
        }
        boolean current = actual.versionIdsToStages().values().stream().anyMatch(s -> s.contains("AWSCURRENT"));
        if (pem != null || !current) {
            String value = pem != null ? pem : context.aws().acm().getCertificate(r -> r.certificateArn(arn)).certificate();
            secrets.putSecretValue(r -> r.secretId(name).secretString(value));
            context.updated("SecretsManagerSecret", name, "certificate PEM");
        }
        Map<String, String> found = tags(actual);
        var missing = tags.entrySet().stream().filter(e -> !e.getValue().equals(found.get(e.getKey())))
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
        if (!missing.isEmpty()) {
            secrets.tagResource(r -> r.secretId(name).tags(missing));
            context.updated("SecretsManagerSecret", name, "tags " + missing.stream().map(Tag::key).toList());
        }
        return actual.arn();
    }

    @Override
    public Removal delete(ClusterContext context) {
        String secretName = context.names().secret("self-signed-cert-pem");
        Optional<DescribeSecretResponse> secret = describeSecret(context, secretName)
                .filter(s -> context.tags().owns(tags(s)));
        AcmClient acm = context.aws().acm();
        Optional<String> arn = recorded(secret).or(() -> orphan(context))
                .filter(a -> describe(acm, a).isPresent() && owned(context, a));
        if (arn.isPresent()) {
            // In use: a listener AWS is still letting go of.
            if (Removal.attempt(() -> acm.deleteCertificate(r -> r.certificateArn(arn.get()))) == Removal.IN_PROGRESS) {
                return Removal.IN_PROGRESS;
            }
            context.deleted(kind(), arn.get());
        }
        if (secret.isPresent()) {
            context.aws().secretsManager().deleteSecret(r -> r.secretId(secretName).forceDeleteWithoutRecovery(true));
            context.deleted("SecretsManagerSecret", secretName);
        }
        return Removal.GONE;
    }

    private static Optional<String> recorded(Optional<DescribeSecretResponse> secret) {
        return secret.map(s -> tags(s).get(ARN_TAG));
    }

    /**
     * A certificate of this cluster that no secret records: imported just before a crash. Looked for only when the
     * secret does not say, among the certificates for the module's subject.
     */
    private static Optional<String> orphan(ClusterContext context) {
        AcmClient acm = context.aws().acm();
        String domain = commonName(context);
        return acm.listCertificatesPaginator(ListCertificatesRequest.builder().build()).certificateSummaryList().stream()
                .filter(c -> domain.equals(c.domainName()))
                .map(c -> c.certificateArn())
                .filter(a -> owned(context, a))
                .findFirst();
    }

    private static boolean owned(ClusterContext context, String arn) {
        return context.tags().owns(context.aws().acm().listTagsForCertificate(r -> r.certificateArn(arn)).tags().stream()
                .collect(Collectors.toMap(t -> t.key(), t -> t.value() == null ? "" : t.value(), (x, y) -> y)));
    }

    private static Optional<CertificateDetail> describe(AcmClient acm, String arn) {
        try {
            return Optional.of(acm.describeCertificate(r -> r.certificateArn(arn)).certificate());
        } catch (software.amazon.awssdk.services.acm.model.ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private static Optional<DescribeSecretResponse> describeSecret(ClusterContext context, String name) {
        try {
            return Optional.of(context.aws().secretsManager().describeSecret(r -> r.secretId(name)));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private static void requireOwned(ClusterContext context, DescribeSecretResponse secret) {
        Map<String, String> tags = tags(secret);
        if (!context.tags().owns(tags)) {
            throw new ResourceConflictException("secret " + secret.name() + " exists but belongs to "
                    + tags.getOrDefault(ClusterTags.CLUSTER, "no WekaCluster"));
        }
    }

    private static Map<String, String> tags(DescribeSecretResponse secret) {
        return secret.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
    }
}
