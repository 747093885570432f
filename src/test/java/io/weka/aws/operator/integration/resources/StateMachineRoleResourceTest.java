package io.weka.aws.operator.integration.resources;

import static io.weka.aws.operator.integration.resources.IamState.policyArn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.model.IamPolicies;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.ResourceConflictException;
import io.weka.aws.operator.resources.iam.StateMachineRoleResource;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StateMachineRoleResourceTest {
    private static final String SPEC = """
            region: us-east-1
            weka: {version: "4.4.10", tokenSecretRef: {name: t}}
            """;
    private static final String ROLE = "weka-prod-sfn-role";
    private static final String POLICY = "weka-prod-sfn-policy";
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private final StateMachineRoleResource resource = new StateMachineRoleResource();
    private String namespace;

    @BeforeEach
    void emptyAccount() {
        LocalAws.reset();
        namespace = LocalKubernetes.newNamespace("iam-sfn");
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void createsTheModulesRoleAndPolicy() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);

        resource.converge(context);

        IamState iam = new IamState(context.aws().iam());
        assertThat(iam.trust(ROLE)).isEqualTo(IamPolicies.stateMachineTrust());
        assertThat(iam.trust(ROLE).at("/Statement/0/Principal/Service")).extracting(n -> n.asText())
                .containsExactly("states.amazonaws.com");
        assertThat(iam.attached(ROLE)).containsExactly(policyArn(POLICY));
        assertThat(iam.document(POLICY)).isEqualTo(new IamPolicies(cluster.getSpec(), context.names()).stateMachinePolicy());
        assertThat(iam.localPolicyNames()).containsExactly(POLICY);
        assertThat(context.require(Facts.STATE_MACHINE_ROLE_ARN)).isEqualTo(iam.role(ROLE).arn())
                .isEqualTo("arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":role/" + ROLE);
        assertThat(IamState.tags(iam.role(ROLE).tags())).containsEntry("weka.io/cluster-uid", cluster.getMetadata().getUid())
                .containsEntry("weka_cluster_name", "prod");
        assertThat(IamState.tags(iam.policy(POLICY).tags())).containsEntry("weka.io/cluster-uid",
                cluster.getMetadata().getUid()).containsEntry("weka_cluster_name", "prod");
        assertThat(context.changes()).extracting(c -> c.action() + " " + c.kind() + " " + c.name())
                .containsExactlyInAnyOrder("Created IAMRole " + ROLE, "Created IAMPolicy " + POLICY);
    }

    @Test
    void aSecondConvergeMakesNoMutatingCall() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        resource.converge(TestClusters.context(cluster, aws));
        Map<String, Double> before = TestClusters.mutatingCalls(metrics);

        ClusterContext second = TestClusters.context(cluster, aws);
        resource.converge(second);

        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
        assertThat(second.changes()).isEmpty();
        assertThat(second.require(Facts.STATE_MACHINE_ROLE_ARN)).endsWith(":role/" + ROLE);
    }

    @Test
    void aGivenRoleIsUsedAndNoIamIsCreated() {
        String arn = "arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":role/theirs";
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC + "iam: {stateMachineRoleArn: \"" + arn + "\"}\n");
        ClusterContext context = TestClusters.context(cluster, aws);

        resource.converge(context);

        IamState iam = new IamState(context.aws().iam());
        assertThat(context.require(Facts.STATE_MACHINE_ROLE_ARN)).isEqualTo(arn);
        assertThat(iam.roleNames()).isEmpty();
        assertThat(iam.localPolicyNames()).isEmpty();
        assertThat(TestClusters.mutatingCalls(metrics)).isEmpty();
    }

    @Test
    void aChangedDocumentTrustAndADetachedPolicyAreRestored() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext first = TestClusters.context(cluster, aws);
        resource.converge(first);
        IamState iam = new IamState(first.aws().iam());
        iam.tamper(POLICY, """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}""");
        first.aws().iam().detachRolePolicy(r -> r.roleName(ROLE).policyArn(policyArn(POLICY)));
        first.aws().iam().updateAssumeRolePolicy(r -> r.roleName(ROLE)
                .policyDocument(IamPolicies.compact(IamPolicies.backendTrust())));

        ClusterContext second = TestClusters.context(cluster, aws);
        resource.converge(second);

        assertThat(iam.document(POLICY)).isEqualTo(new IamPolicies(cluster.getSpec(), second.names()).stateMachinePolicy());
        assertThat(iam.attached(ROLE)).containsExactly(policyArn(POLICY));
        assertThat(iam.trust(ROLE)).isEqualTo(IamPolicies.stateMachineTrust());
        assertThat(second.changes()).extracting(c -> c.action() + " " + c.kind() + " " + c.name() + " " + c.detail())
                .containsExactlyInAnyOrder("Updated IAMRole " + ROLE + " trust policy",
                        "Updated IAMPolicy " + POLICY + " document, now default version v3",
                        "Updated IAMRole " + ROLE + " attached " + policyArn(POLICY));
    }

    @Test
    void aNamesakeRoleOfAnotherClusterIsNotTakenOver() {
        WekaCluster other = TestClusters.stored(LocalKubernetes.newNamespace("other"), "prod", SPEC);
        resource.converge(TestClusters.context(other, aws));
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        Map<String, Double> before = TestClusters.mutatingCalls(metrics);

        assertThatThrownBy(() -> resource.converge(TestClusters.context(cluster, aws)))
                .isInstanceOf(ResourceConflictException.class)
                .hasMessageContaining("IAM role " + ROLE).hasMessageContaining("belongs to other-");
        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
    }
}
