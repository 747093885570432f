package io.weka.aws.operator.testenv;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * A real kube-apiserver and etcd for the whole test run, from the binaries `make test-env` builds
 * (scripts/kube-binaries.sh). The WekaCluster CRD from crds/ is installed once.
 */
public final class LocalKubernetes {
    private static KubeAPIServer server;
    private static KubernetesClient client;
    private static Path kubeconfig;

    private LocalKubernetes() {
    }

    /** The API server, with the WekaCluster CRD installed. */
    public static synchronized KubernetesClient client() {
        if (client == null) {
            start();
            installCrd();
        }
        return client;
    }

    /** An API server without the CRD, for the demo, which installs it the way users do. */
    public static synchronized Path bareKubeconfig() {
        if (client == null) {
            start();
        }
        return kubeconfig;
    }

    /** A kubeconfig file for tools such as kubectl. */
    public static synchronized Path kubeconfig() {
        client();
        return kubeconfig;
    }

    /** A fresh namespace for one test class or test. */
    public static String newNamespace(String purpose) {
        String name = purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
        client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        return name;
    }

    private static void start() {
        // Offline: the binaries are ours, never downloaded. No version pinned here: the newest one built is used.
        server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .withTestDir(LoopbackKubeBinaries.directory().toString())
                .withApiServerFlag("--bind-address", "127.0.0.1")
                .withApiServerFlag("--advertise-address", "127.0.0.1")
                .build());
        try {
            server.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("could not start kube-apiserver and etcd; run `make test-env` to build them",
                    e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "kube-apiserver-stop"));
        String yaml = server.getKubeConfigYaml();
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(yaml)).build();
        try {
            kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
            Files.writeString(kubeconfig, yaml);
            kubeconfig.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void installCrd() {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                .load(Crds.COMMITTED.toFile()).item();
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        Awaitility.await("CRD established").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> isEstablished(client.apiextensions().v1().customResourceDefinitions()
                        .withName(crd.getMetadata().getName()).get()));
    }

    private static boolean isEstablished(CustomResourceDefinition crd) {
        return crd.getStatus() != null && crd.getStatus().getConditions() != null && crd.getStatus().getConditions()
                .stream().anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
