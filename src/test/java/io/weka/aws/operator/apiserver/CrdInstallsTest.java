package io.weka.aws.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.testenv.LocalKubernetes;
import org.junit.jupiter.api.Test;

class CrdInstallsTest {
    @Test
    void crdFromCrdsDirectoryIsEstablishedOnARealApiServer() {
        CustomResourceDefinition crd = LocalKubernetes.client().apiextensions().v1().customResourceDefinitions()
                .withName("wekaclusters.aws.weka.io").get();

        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("wc");
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(crd.getSpec().getVersions()).singleElement()
                .satisfies(v -> assertThat(v.getName()).isEqualTo(WekaCluster.VERSION));
        assertThat(crd.getStatus().getConditions())
                .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
    }
}
