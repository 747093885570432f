package io.weka.aws.operator.integration.resources;

import static io.weka.aws.operator.integration.resources.IamState.policyArn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.model.IamPolicies;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.ResourceConflictException;
import io.weka.aws.operator.resources.iam.EventsRoleResource;
import io.weka.aws.operator.resources.iam.StateMachineRoleResource;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The two roles made of one trust policy and one policy: the state machine's and EventBridge's. */
class ServiceRoleResourcesTest {
    /** One such role: its resource, names, documents, the fact it publishes and the spec field that brings one. */
    record Case(String kind, Supplier<AwsResource> resource, String role, String policy, JsonNode trust,
            Function<IamPolicies, JsonNode> document, Fact<String> fact, String specField, List<String> principals) {
        @Override
        public String toString() {
            return kind;
        }
    }

    static Stream<Case> roles() {
        return Stream.of(
                new Case("events", EventsRoleResource::new, "weka-prod-event-role", "weka-prod-event-policy",
                        IamPolicies.eventsTrust(), IamPolicies::eventsPolicy, Facts.EVENTS_ROLE_ARN, "eventsRoleArn",
                        List.of("events.amazonaws.com", "states.amazonaws.com")),
                new Case("state machine", StateMachineRoleResource::new, "weka-prod-sfn-role", "weka-prod-sfn-policy",
                        IamPolicies.stateMachineTrust(), IamPolicies::stateMachinePolicy, Facts.STATE_MACHINE_ROLE_ARN,
                        "stateMachineRoleArn", List.of("states.amazonaws.com")));
    }

    private static final String SPEC = """
            region: us-east-1
            weka: {version: "4.4.10", tokenSecretRef: {name: t}}
            """;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private String namespace;

    @BeforeEach
    void emptyAccount() {
        LocalAws.reset();
        namespace = LocalKubernetes.newNamespace("iam-role");
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @ParameterizedTest
    @MethodSource("roles")
    void createsTheModulesRoleAndPolicy(Case role) {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);

        role.resource().get().converge(context);

        IamState iam = new IamState(context.aws().iam());
        assertThat(iam.trust(role.role())).isEqualTo(role.trust());
        assertThat(iam.trust(role.role()).at("/Statement/0/Principal/Service")).extracting(n -> n.asText())
                .containsExactlyElementsOf(role.principals());
        assertThat(iam.attached(role.role())).containsExactly(policyArn(role.policy()));
        assertThat(iam.document(role.policy())).isEqualTo(role.document().apply(new IamPolicies(cluster.getSpec(), context.names())));
        assertThat(iam.localPolicyNames()).containsExactly(role.policy());
        assertThat(context.require(role.fact())).isEqualTo(iam.role(role.role()).arn())
                .isEqualTo("arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":role/" + role.role());
        assertThat(IamState.tags(iam.role(role.role()).tags())).containsEntry("weka.io/cluster-uid", cluster.getMetadata().getUid())
                .containsEntry("weka_cluster_name", "prod");
        assertThat(IamState.tags(iam.policy(role.policy()).tags())).containsEntry("weka.io/cluster-uid",
                cluster.getMetadata().getUid()).containsEntry("weka_cluster_name", "prod");
        assertThat(context.changes()).extracting(c -> c.action() + " " + c.kind() + " " + c.name())
                .containsExactlyInAnyOrder("Created IAMRole " + role.role(), "Created IAMPolicy " + role.policy());
    }

    @ParameterizedTest
    @MethodSource("roles")
    void aSecondConvergeMakesNoMutatingCall(Case role) {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        role.resource().get().converge(TestClusters.context(cluster, aws));
        Map<String, Double> before = TestClusters.mutatingCalls(metrics);

        ClusterContext second = TestClusters.context(cluster, aws);
        role.resource().get().converge(second);

        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
        assertThat(second.changes()).isEmpty();
        assertThat(second.require(role.fact())).endsWith(":role/" + role.role());
    }

    @ParameterizedTest
    @MethodSource("roles")
    void aGivenRoleIsUsedAndNoIamIsCreated(Case role) {
        String arn = "arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":role/theirs";
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC + "iam: {" + role.specField() + ": \"" + arn + "\"}\n");
        ClusterContext context = TestClusters.context(cluster, aws);

        role.resource().get().converge(context);

        IamState iam = new IamState(context.aws().iam());
        assertThat(context.require(role.fact())).isEqualTo(arn);
        assertThat(iam.roleNames()).isEmpty();
        assertThat(iam.localPolicyNames()).isEmpty();
        assertThat(TestClusters.mutatingCalls(metrics)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("roles")
    void aChangedDocumentTrustAndADetachedPolicyAreRestored(Case role) {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext first = TestClusters.context(cluster, aws);
        role.resource().get().converge(first);
        IamState iam = new IamState(first.aws().iam());
        iam.tamper(role.policy(), """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}""");
        first.aws().iam().detachRolePolicy(r -> r.roleName(role.role()).policyArn(policyArn(role.policy())));
        first.aws().iam().updateAssumeRolePolicy(r -> r.roleName(role.role())
                .policyDocument(IamPolicies.compact(IamPolicies.backendTrust())));

        ClusterContext second = TestClusters.context(cluster, aws);
        role.resource().get().converge(second);

        assertThat(iam.document(role.policy())).isEqualTo(role.document().apply(new IamPolicies(cluster.getSpec(), second.names())));
        assertThat(iam.attached(role.role())).containsExactly(policyArn(role.policy()));
        assertThat(iam.trust(role.role())).isEqualTo(role.trust());
        assertThat(second.changes()).extracting(c -> c.action() + " " + c.kind() + " " + c.name() + " " + c.detail())
                .containsExactlyInAnyOrder("Updated IAMRole " + role.role() + " trust policy",
                        "Updated IAMPolicy " + role.policy() + " document, now default version v3",
                        "Updated IAMRole " + role.role() + " attached " + policyArn(role.policy()));
    }

    @ParameterizedTest
    @MethodSource("roles")
    void aNamesakeRoleOfAnotherClusterIsNotTakenOver(Case role) {
        WekaCluster other = TestClusters.stored(LocalKubernetes.newNamespace("other"), "prod", SPEC);
        role.resource().get().converge(TestClusters.context(other, aws));
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        Map<String, Double> before = TestClusters.mutatingCalls(metrics);

        assertThatThrownBy(() -> role.resource().get().converge(TestClusters.context(cluster, aws)))
                .isInstanceOf(ResourceConflictException.class)
                .hasMessageContaining("IAM role " + role.role()).hasMessageContaining("belongs to other-");
        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
    }
}
