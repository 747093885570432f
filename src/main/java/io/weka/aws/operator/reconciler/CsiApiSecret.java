package io.weka.aws.operator.reconciler;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.status.OutputsStatus;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.elb.LoadBalancerResource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * {@code spec.csiSecret}: a Secret in the WekaCluster's namespace in the format of the WEKA CSI plugin's API secret
 * (csi-wekafs, examples/common/csi-wekafs-api-secret.yaml), for a StorageClass to name. Its endpoints are the load
 * balancer's name or, without one, the running backends' private addresses, on WEKA's API port; its user is WEKA's
 * admin, whose password WEKA's clusterize function puts in Secrets Manager. The Secret is written only once that
 * password is set, rewritten only when what it should hold differs, and deleted when csiSecret is turned off or
 * renamed. Its values never reach a log, an event, the status or an exception: only key names do.
 */
public final class CsiApiSecret {
    public static final String USERNAME = "username";
    public static final String PASSWORD = "password";
    public static final String ORGANIZATION = "organization";
    public static final String ENDPOINTS = "endpoints";
    public static final String SCHEME = "scheme";
    public static final String AUTO_UPDATE_ENDPOINTS = "autoUpdateEndpoints";
    public static final String CA_CERTIFICATE = "caCertificate";
    /** The label naming the WekaCluster a Secret was written for. */
    public static final String CLUSTER_LABEL = WekaCluster.GROUP + "/cluster";
    static final int API_PORT = 14000;
    /** WEKA's admin user and its organization, as clusterize creates them. */
    static final String ADMIN = "admin";
    static final String ROOT_ORGANIZATION = "Root";
    private static final String KIND = "Secret";

    /** Where the CSI plugin reaches WEKA's API, and the certificate to trust there (null: none to add). */
    public record Connection(List<String> endpoints, boolean loadBalancer, String caCertificate) {
    }

    /**
     * What became of the Secret this pass: the CsiSecretReady condition, or none while csiSecret is off. The name
     * is kept while enabled, written or not, so that turning csiSecret off finds what to delete.
     */
    record Outcome(boolean reported, boolean written, String reason, String message, String secretName) {
        static final Outcome OFF = new Outcome(false, false, null, null, null);

        static Outcome waiting(String secretName, String reason, String message) {
            return new Outcome(true, false, reason, message, secretName);
        }
    }

    private final ClusterContext context;
    private final String namespace;

    CsiApiSecret(ClusterContext context) {
        this.context = context;
        this.namespace = context.cluster().getMetadata().getNamespace();
    }

    /** The Secret's name: {@code csiSecret.name}, default {@code <metadata.name>-csi-wekafs-api}. */
    public static String name(WekaCluster cluster) {
        return Optional.ofNullable(cluster.getSpec().csiSecret.name)
                .orElse(cluster.getMetadata().getName() + "-csi-wekafs-api");
    }

    /** The Secret as the CSI plugin reads it; every value but the password is the cluster's, not a secret. */
    public static Secret desired(WekaCluster cluster, OwnerReference owner, Connection connection, String password) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(USERNAME, ADMIN);
        values.put(PASSWORD, password);
        values.put(ORGANIZATION, ROOT_ORGANIZATION);
        values.put(ENDPOINTS, String.join(",", connection.endpoints()));
        // WEKA serves its API over HTTPS only (mandatory since 4.3), on the backends and behind the load balancer.
        values.put(SCHEME, "https");
        // Backends come and go with healing and scaling: the plugin may learn them from WEKA between two updates
        // of this Secret. Through the load balancer it must keep the balancer's name, as the plugin documents.
        values.put(AUTO_UPDATE_ENDPOINTS, String.valueOf(!connection.loadBalancer()));
        if (connection.caCertificate() != null) {
            values.put(CA_CERTIFICATE, connection.caCertificate());
        }
        Map<String, String> data = new LinkedHashMap<>();
        values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder().withNewMetadata().withName(name(cluster))
                .withNamespace(cluster.getMetadata().getNamespace()).withOwnerReferences(owner)
                .addToLabels("app.kubernetes.io/managed-by", "weka-aws-operator")
                .addToLabels(CLUSTER_LABEL, cluster.getMetadata().getName()).endMetadata()
                .withType("Opaque").withData(data).build();
    }

    /**
     * Removes the Secret written before under another name, or at all when csiSecret is off; then writes the
     * wanted one when WEKA's admin password and an endpoint exist.
     */
    Outcome converge(OutputsStatus outputs, BackendInstances backends) {
        boolean enabled = context.spec().csiSecret.enabled;
        String wanted = enabled ? name(context.cluster()) : null;
        try {
            if (outputs.csiSecret != null && !outputs.csiSecret.equals(wanted)) {
                deleteWritten(outputs.csiSecret);
            }
            if (!enabled) {
                return Outcome.OFF;
            }
            Optional<Connection> connection = connection(backends);
            if (connection.isEmpty()) {
                return Outcome.waiting(wanted, Reason.WAITING_FOR_INFRASTRUCTURE, context.spec().loadBalancer.enabled
                        ? "the load balancer or its certificate does not exist yet" : "no backend is running yet");
            }
            if (outputs.adminPasswordSecretId == null) {
                return Outcome.waiting(wanted, Reason.WAITING_FOR_INFRASTRUCTURE,
                        "the admin password secret does not exist yet");
            }
            Optional<String> password = adminPassword(outputs.adminPasswordSecretId);
            if (password.isEmpty()) {
                return Outcome.waiting(wanted, Reason.ADMIN_PASSWORD_NOT_SET, "Secret " + namespace + "/" + wanted
                        + " is written once WEKA has set its admin password, which it does when it clusterizes");
            }
            return write(desired(context.cluster(), context.ownerReference(), connection.get(), password.get()),
                    connection.get());
        } catch (KubernetesClientException e) {
            // The API server's message may quote what was sent: only the status code is said. A Secret that could
            // not be deleted stays named, so that the next pass tries again.
            return Outcome.waiting(enabled ? wanted : outputs.csiSecret, Reason.CSI_SECRET_WRITE_FAILED,
                    "writing or deleting the CSI plugin's Secret in " + namespace + " failed with HTTP " + e.getCode()
                            + "; retried on the next pass");
        }
    }

    /** The load balancer's name when there is one, else the running backends' private addresses. */
    private Optional<Connection> connection(BackendInstances backends) {
        if (context.spec().loadBalancer.enabled) {
            boolean generatedCertificate = context.spec().loadBalancer.certificateArn == null;
            // The generated certificate names the load balancer's own AWS name, not an alias or dnsName.
            Optional<String> host = generatedCertificate ? context.find(Facts.ALB_AWS_DNS_NAME)
                    : LoadBalancerResource.publishedDnsName(context);
            if (!generatedCertificate) {
                return host.map(h -> new Connection(List.of(h + ":" + API_PORT), true, null));
            }
            Optional<String> certificate = context.find(Facts.CERTIFICATE_PEM);
            return host.filter(h -> certificate.isPresent())
                    .map(h -> new Connection(List.of(h + ":" + API_PORT), true, certificate.get()));
        }
        List<String> endpoints = backends.privateIps().values().stream().sorted().map(ip -> ip + ":" + API_PORT)
                .toList();
        return endpoints.isEmpty() ? Optional.empty() : Optional.of(new Connection(endpoints, false, null));
    }

    /** Empty while WEKA has not set it: the secret is created without a value. */
    private Optional<String> adminPassword(String secretId) {
        try {
            return Optional.ofNullable(context.aws().secretsManager().getSecretValue(r -> r.secretId(secretId))
                    .secretString()).filter(p -> !p.isEmpty());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private Outcome write(Secret desired, Connection connection) {
        String name = desired.getMetadata().getName();
        Secret actual = context.kubernetes().secrets().inNamespace(namespace).withName(name).get();
        String qualified = namespace + "/" + name;
        if (actual == null) {
            context.kubernetes().secrets().inNamespace(namespace).resource(desired).create();
            context.created(KIND, qualified);
        } else if (!context.isOwnerOf(actual)) {
            return Outcome.waiting(name, Reason.RESOURCE_CONFLICT, "Secret " + qualified + " exists and was not "
                    + "written by this WekaCluster; it is left alone: delete it or set another csiSecret.name");
        } else {
            List<String> changed = changedKeys(desired, actual);
            boolean labelsMissing = !Optional.ofNullable(actual.getMetadata().getLabels()).orElse(Map.of()).entrySet()
                    .containsAll(desired.getMetadata().getLabels().entrySet());
            if (!changed.isEmpty() || labelsMissing) {
                context.kubernetes().secrets().inNamespace(namespace).resource(new SecretBuilder(actual)
                        .editMetadata().addToLabels(desired.getMetadata().getLabels()).endMetadata()
                        .withData(desired.getData()).withStringData(null).build()).update();
                context.updated(KIND, qualified, changed.isEmpty() ? "labels" : "keys " + changed);
            }
        }
        return new Outcome(true, true, Reason.CSI_SECRET_WRITTEN, "Secret " + qualified + " holds "
                + (connection.loadBalancer() ? "the load balancer's endpoint"
                        : connection.endpoints().size() + " backend endpoints") + " and WEKA's admin credentials",
                name);
    }

    /** The keys whose values differ, by name only. */
    private static List<String> changedKeys(Secret desired, Secret actual) {
        Map<String, String> have = Optional.ofNullable(actual.getData()).orElse(Map.of());
        List<String> keys = new ArrayList<>(desired.getData().keySet());
        have.keySet().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
        return keys.stream().filter(k -> !Objects.equals(desired.getData().get(k), have.get(k))).toList();
    }

    /** Deletes a Secret this WekaCluster wrote; a namesake of someone else stays. */
    private void deleteWritten(String name) {
        Resource<Secret> resource = context.kubernetes().secrets().inNamespace(namespace).withName(name);
        Secret actual = resource.get();
        if (actual != null && context.isOwnerOf(actual)) {
            resource.delete();
            context.deleted(KIND, namespace + "/" + name);
        }
    }
}
