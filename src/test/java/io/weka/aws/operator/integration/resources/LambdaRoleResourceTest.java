package io.weka.aws.operator.integration.resources;

import static io.weka.aws.operator.integration.resources.IamState.policyArn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.model.IamPolicies;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.ClusterContext.Change;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.Removal;
import io.weka.aws.operator.resources.ResourceConflictException;
import io.weka.aws.operator.resources.iam.LambdaRoleResource;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LambdaRoleResourceTest {
    private static final String SPEC = """
            region: us-east-1
            weka: {version: "4.4.10", tokenSecretRef: {name: t}}
            """;
    private static final String ROLE = "weka-prod-lambda-role";
    private static final String POLICY = "weka-prod-lambda-policy";
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private final LambdaRoleResource resource = new LambdaRoleResource();
    private String namespace;

    @BeforeEach
    void emptyAccount() {
        LocalAws.reset();
        namespace = LocalKubernetes.newNamespace("iam-lambda");
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void createsTheFunctionsRoleWithTheModulesPolicy() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);

        resource.converge(context);

        IamState iam = new IamState(context.aws().iam());
        assertThat(iam.trust(ROLE)).isEqualTo(IamPolicies.lambdaTrust());
        assertThat(iam.trust(ROLE).at("/Statement/0/Principal/Service").asText()).isEqualTo("lambda.amazonaws.com");
        assertThat(iam.attached(ROLE)).containsExactly(policyArn(POLICY));
        assertThat(iam.document(POLICY)).isEqualTo(new IamPolicies(cluster.getSpec(), context.names()).lambdaPolicy());
        assertThat(iam.document(POLICY).at("/Statement/2/Resource/0").asText())
                .isEqualTo("arn:aws:dynamodb:*:*:table/weka-prod-weka-deployment");
        assertThat(iam.document(POLICY).at("/Statement/3/Resource/0").asText())
                .isEqualTo("arn:aws:secretsmanager:*:*:secret:weka/weka-prod/*");
        assertThat(iam.localPolicyNames()).containsExactly(POLICY);
        assertThat(context.require(Facts.LAMBDA_ROLE_ARN)).isEqualTo(iam.role(ROLE).arn())
                .isEqualTo("arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":role/" + ROLE);
        assertThat(IamState.tags(iam.role(ROLE).tags())).containsEntry("weka.io/cluster-uid", cluster.getMetadata().getUid())
                .containsEntry("weka_cluster_name", "prod");
        assertThat(IamState.tags(iam.policy(POLICY).tags())).containsEntry("weka.io/cluster-uid",
                cluster.getMetadata().getUid()).containsEntry("weka_cluster_name", "prod");
        assertThat(context.changes()).extracting(c -> c.action() + " " + c.kind() + " " + c.name())
                .containsExactlyInAnyOrder("Created IAMRole " + ROLE, "Created IAMPolicy " + POLICY);
    }

    @Test
    void deletionRemovesThePolicyEvenWhenItsAttachmentCountSaysTwo() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);
        resource.converge(context);
        // An attach sent again after its answer was lost: IAM keeps one attachment, the emulator counts two, as a
        // stale AttachmentCount would; the policy must go with the role all the same.
        context.aws().iam().attachRolePolicy(r -> r.roleName(ROLE).policyArn(policyArn(POLICY)));
        assertThat(new IamState(context.aws().iam()).policy(POLICY).attachmentCount()).isEqualTo(2);

        assertThat(resource.delete(TestClusters.context(cluster, aws))).isEqualTo(Removal.GONE);

        assertThat(new IamState(context.aws().iam()).localPolicyNames()).isEmpty();
    }

    @Test
    void tieringToTheDefaultBucketGivesTheFunctionsNoBucketPolicy() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC + "tiering: {enabled: true}\n");
        ClusterContext context = TestClusters.context(cluster, aws);

        resource.converge(context);

        IamState iam = new IamState(context.aws().iam());
        assertThat(iam.attached(ROLE)).as("the operator creates the bucket, not clusterize")
                .containsExactly(policyArn(POLICY));
    }

    @Test
    void tieringToAnExistingBucketNeedsNoBucketPolicy() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC + "tiering: {enabled: true, bucket: my-tier}\n");
        ClusterContext context = TestClusters.context(cluster, aws);

        resource.converge(context);

        assertThat(new IamState(context.aws().iam()).localPolicyNames()).containsExactly(POLICY);
    }

    @Test
    void aSecondConvergeMakesNoMutatingCall() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC + "tiering: {enabled: true}\n");
        resource.converge(TestClusters.context(cluster, aws));
        Map<String, Double> before = TestClusters.mutatingCalls(metrics);

        ClusterContext second = TestClusters.context(cluster, aws);
        resource.converge(second);

        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
        assertThat(second.changes()).isEmpty();
        assertThat(second.require(Facts.LAMBDA_ROLE_ARN)).endsWith(":role/" + ROLE);
    }

    @Test
    void aGivenRoleIsUsedAndNoIamIsCreated() {
        String arn = "arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":role/their-lambda-role";
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC + "iam: {lambdaRoleArn: \"" + arn + "\"}\n");
        ClusterContext context = TestClusters.context(cluster, aws);

        resource.converge(context);

        IamState iam = new IamState(context.aws().iam());
        assertThat(context.require(Facts.LAMBDA_ROLE_ARN)).isEqualTo(arn);
        assertThat(iam.roleNames()).isEmpty();
        assertThat(iam.localPolicyNames()).isEmpty();
        assertThat(TestClusters.mutatingCalls(metrics)).isEmpty();
    }

    @Test
    void aChangedDocumentAndADetachedPolicyAreRestored() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext first = TestClusters.context(cluster, aws);
        resource.converge(first);
        IamState iam = new IamState(first.aws().iam());
        iam.tamper(POLICY, """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}""");
        first.aws().iam().detachRolePolicy(r -> r.roleName(ROLE).policyArn(policyArn(POLICY)));

        ClusterContext second = TestClusters.context(cluster, aws);
        resource.converge(second);

        assertThat(iam.document(POLICY)).isEqualTo(new IamPolicies(cluster.getSpec(), second.names()).lambdaPolicy());
        assertThat(iam.attached(ROLE)).containsExactly(policyArn(POLICY));
        assertThat(second.changes()).extracting(c -> c.action() + " " + c.kind() + " " + c.name()).containsExactlyInAnyOrder(
                "Updated IAMPolicy " + POLICY, "Updated IAMRole " + ROLE);
    }

    @Test
    void anUntaggedNamesakePolicyIsNotTakenOver() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);
        context.aws().iam().createPolicy(r -> r.policyName(POLICY).policyDocument("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"""));

        assertThatThrownBy(() -> resource.converge(context)).isInstanceOf(ResourceConflictException.class)
                .hasMessage("IAM policy " + POLICY + " exists but belongs to no WekaCluster");
        assertThat(new IamState(context.aws().iam()).attached(ROLE)).isEmpty();
        assertThat(context.changes()).extracting(Change::action).containsExactly("Created");
    }
}
