package io.weka.aws.operator.integration.resources;

import static io.weka.aws.operator.integration.resources.IamState.policyArn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.model.IamPolicies;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.ClusterContext.Change;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.ResourceConflictException;
import io.weka.aws.operator.resources.iam.BackendInstanceProfileResource;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.Role;

class IamBackendInstanceProfileResourceTest {
    private static final String SPEC = """
            region: us-east-1
            weka: {version: "4.4.10", tokenSecretRef: {name: t}}
            """;
    private static final String ROLE = "weka-prod-iam-role";
    private static final String PROFILE = "weka-prod-instance-profile";
    private static final String SSM = "arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM";
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private final BackendInstanceProfileResource resource = new BackendInstanceProfileResource();
    private String namespace;

    @BeforeEach
    void emptyAccount() {
        LocalAws.reset();
        namespace = LocalKubernetes.newNamespace("iam-backend");
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void createsTheModulesRolePoliciesAndInstanceProfile() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);
        IamPolicies documents = new IamPolicies(cluster.getSpec(), context.names());

        resource.converge(context);

        IamState iam = new IamState(context.aws().iam());
        assertThat(iam.trust(ROLE)).isEqualTo(IamPolicies.backendTrust());
        assertThat(iam.trust(ROLE).at("/Statement/0/Principal/Service").asText()).isEqualTo("ec2.amazonaws.com");
        assertThat(iam.attached(ROLE)).containsExactlyInAnyOrder(policyArn("weka-prod-eni-policy"),
                policyArn("weka-prod-invoke-lambda-function"), policyArn("weka-prod-send-log-to-cloud-watch-policy"), SSM);
        assertThat(iam.document("weka-prod-eni-policy")).isEqualTo(documents.eniPolicy());
        assertThat(iam.document("weka-prod-invoke-lambda-function")).isEqualTo(documents.invokeLambdaPolicy());
        assertThat(iam.document("weka-prod-send-log-to-cloud-watch-policy")).isEqualTo(documents.backendLogPolicy());
        assertThat(iam.localPolicyNames()).containsExactly("weka-prod-eni-policy", "weka-prod-invoke-lambda-function",
                "weka-prod-send-log-to-cloud-watch-policy");
        InstanceProfile profile = profile(context);
        assertThat(profile.roles()).extracting(Role::roleName).containsExactly(ROLE);
        assertThat(context.require(Facts.INSTANCE_PROFILE_ARN)).isEqualTo(profile.arn())
                .isEqualTo("arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":instance-profile/" + PROFILE);
        for (Map<String, String> tags : java.util.List.of(IamState.tags(iam.role(ROLE).tags()),
                IamState.tags(iam.policy("weka-prod-eni-policy").tags()), IamState.tags(profile.tags()))) {
            assertThat(tags).containsEntry("weka.io/cluster-uid", cluster.getMetadata().getUid())
                    .containsEntry("weka_cluster_name", "prod").containsEntry("aws-apn-id", "pc:epkj0ftddjwa38m3oq9umjjlm");
        }
        assertThat(context.changes()).allMatch(c -> c.action().equals("Created")).extracting(Change::name)
                .containsExactlyInAnyOrder(ROLE, "weka-prod-eni-policy", "weka-prod-invoke-lambda-function",
                        "weka-prod-send-log-to-cloud-watch-policy", PROFILE);
        assertThat(context.inventory()).extracting(r -> r.kind + "/" + r.name).contains("IAMRole/" + ROLE,
                "IAMInstanceProfile/" + PROFILE, "IAMPolicy/weka-prod-eni-policy");
    }

    @Test
    void tieringAndAdditionalStatementsAddTheirPolicies() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC + """
                tiering: {enabled: true}
                iam:
                  additionalInstancePolicyStatements:
                  - {effect: Allow, actions: ["s3:GetObject"], resources: ["arn:aws:s3:::datasets/*"]}
                """);
        ClusterContext context = TestClusters.context(cluster, aws);

        resource.converge(context);

        IamState iam = new IamState(context.aws().iam());
        assertThat(iam.attached(ROLE)).contains(policyArn("weka-prod-obs-policy"), policyArn("weka-prod-additional-policy"))
                .hasSize(6);
        assertThat(iam.document("weka-prod-obs-policy").at("/Statement/0/Resource/0").asText())
                .isEqualTo("arn:aws:s3:::weka-prod-obs*");
        assertThat(iam.document("weka-prod-additional-policy").at("/Statement/0/Resource/0").asText())
                .isEqualTo("arn:aws:s3:::datasets/*");
    }

    @Test
    void customPrefixesNameTheRoleProfileAndPoliciesAndScopeTheirDocuments() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC + "customPrefix: {iam: corp, lambda: fn, ec2: vm}\n");
        ClusterContext context = TestClusters.context(cluster, aws);

        resource.converge(context);

        IamState iam = new IamState(context.aws().iam());
        assertThat(iam.roleNames()).containsExactly("corp-prod-iam-role");
        assertThat(iam.attached("corp-prod-iam-role")).containsExactlyInAnyOrder(policyArn("corp-prod-eni-policy"),
                policyArn("corp-prod-invoke-lambda-function"), policyArn("corp-prod-send-log-to-cloud-watch-policy"), SSM);
        assertThat(iam.document("corp-prod-invoke-lambda-function").at("/Statement/0/Resource/0").asText())
                .isEqualTo("arn:aws:lambda:*:*:function:fn-prod*");
        assertThat(iam.document("corp-prod-send-log-to-cloud-watch-policy").at("/Statement/0/Resource/0").asText())
                .isEqualTo("arn:aws:logs:*:*:log-group:/wekaio/vm-prod*");
        assertThat(context.require(Facts.INSTANCE_PROFILE_ARN)).endsWith(":instance-profile/corp-prod-instance-profile");
    }

    @Test
    void aSecondConvergeAdoptsEverythingWithoutAnyMutatingCall() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC + "tiering: {enabled: true}\n");
        resource.converge(TestClusters.context(cluster, aws));
        Map<String, Double> before = TestClusters.mutatingCalls(metrics);
        assertThat(before).containsEntry("Iam:CreatePolicy", 4.0).containsEntry("Iam:AttachRolePolicy", 5.0);

        ClusterContext second = TestClusters.context(cluster, aws);
        resource.converge(second);

        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
        assertThat(second.changes()).isEmpty();
        assertThat(second.require(Facts.INSTANCE_PROFILE_ARN)).endsWith(":instance-profile/" + PROFILE);
    }

    @Test
    void aGivenInstanceProfileIsUsedAndNoIamIsCreated() {
        String arn = "arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":instance-profile/theirs";
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC + "iam: {instanceProfileArn: \"" + arn + "\"}\n");
        ClusterContext context = TestClusters.context(cluster, aws);

        resource.converge(context);

        IamState iam = new IamState(context.aws().iam());
        assertThat(context.require(Facts.INSTANCE_PROFILE_ARN)).isEqualTo(arn);
        assertThat(iam.roleNames()).isEmpty();
        assertThat(iam.localPolicyNames()).isEmpty();
        assertThat(context.aws().iam().listInstanceProfiles().instanceProfiles()).isEmpty();
        assertThat(TestClusters.mutatingCalls(metrics)).isEmpty();
    }

    @Test
    void driftIsRestored() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext first = TestClusters.context(cluster, aws);
        resource.converge(first);
        IamClient client = first.aws().iam();
        IamState iam = new IamState(client);
        iam.tamper("weka-prod-eni-policy", """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}""");
        client.detachRolePolicy(r -> r.roleName(ROLE).policyArn(SSM));
        client.updateAssumeRolePolicy(r -> r.roleName(ROLE).policyDocument(IamPolicies.compact(IamPolicies.lambdaTrust())));
        client.removeRoleFromInstanceProfile(r -> r.instanceProfileName(PROFILE).roleName(ROLE));
        client.untagRole(r -> r.roleName(ROLE).tagKeys("weka_cluster_name"));

        ClusterContext second = TestClusters.context(cluster, aws);
        resource.converge(second);

        JsonNode eni = new IamPolicies(cluster.getSpec(), second.names()).eniPolicy();
        assertThat(iam.document("weka-prod-eni-policy")).isEqualTo(eni);
        assertThat(iam.policy("weka-prod-eni-policy").defaultVersionId()).isEqualTo("v3");
        assertThat(iam.attached(ROLE)).contains(SSM).hasSize(4);
        assertThat(iam.trust(ROLE)).isEqualTo(IamPolicies.backendTrust());
        assertThat(profile(second).roles()).extracting(Role::roleName).containsExactly(ROLE);
        assertThat(IamState.tags(iam.role(ROLE).tags())).containsEntry("weka_cluster_name", "prod");
        assertThat(second.changes()).allMatch(c -> c.action().equals("Updated")).extracting(c -> c.kind() + " " + c.name()
                + " " + c.detail()).containsExactlyInAnyOrder(
                        "IAMRole " + ROLE + " trust policy",
                        "IAMRole " + ROLE + " tags weka_cluster_name",
                        "IAMPolicy weka-prod-eni-policy document, now default version v3",
                        "IAMRole " + ROLE + " attached " + SSM,
                        "IAMInstanceProfile " + PROFILE + " role " + ROLE);
    }

    @Test
    void withFiveVersionsTheOldestOtherIsDeletedToMakeRoom() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext first = TestClusters.context(cluster, aws);
        resource.converge(first);
        IamState iam = new IamState(first.aws().iam());
        for (int i = 0; i < 4; i++) {
            iam.tamper("weka-prod-eni-policy", """
                    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:Describe%d", "Resource": "*"}]}"""
                    .formatted(i));
        }

        resource.converge(TestClusters.context(cluster, aws));

        assertThat(iam.document("weka-prod-eni-policy"))
                .isEqualTo(new IamPolicies(cluster.getSpec(), first.names()).eniPolicy());
        assertThat(first.aws().iam().listPolicyVersions(r -> r.policyArn(policyArn("weka-prod-eni-policy"))).versions())
                .extracting(v -> v.versionId()).containsExactlyInAnyOrder("v2", "v3", "v4", "v5", "v6");
    }

    @Test
    void turningTieringOffDetachesAndDeletesTheS3Policy() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC + "tiering: {enabled: true}\n");
        resource.converge(TestClusters.context(cluster, aws));
        cluster.getSpec().tiering.enabled = false;

        ClusterContext second = TestClusters.context(cluster, aws);
        resource.converge(second);

        IamState iam = new IamState(second.aws().iam());
        assertThat(iam.attached(ROLE)).doesNotContain(policyArn("weka-prod-obs-policy")).hasSize(4);
        assertThat(iam.localPolicyNames()).doesNotContain("weka-prod-obs-policy");
        assertThat(second.changes()).extracting(Change::action, Change::name, Change::detail).containsExactly(
                tuple("Updated", ROLE, "detached " + policyArn("weka-prod-obs-policy")),
                tuple("Deleted", "weka-prod-obs-policy", null));
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

    @Test
    void anUntaggedNamesakeInstanceProfileIsNotTakenOver() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);
        context.aws().iam().createInstanceProfile(r -> r.instanceProfileName(PROFILE));

        assertThatThrownBy(() -> resource.converge(context)).isInstanceOf(ResourceConflictException.class)
                .hasMessage("IAM instance profile " + PROFILE + " exists but belongs to no WekaCluster");
    }

    private static InstanceProfile profile(ClusterContext context) {
        return context.aws().iam().getInstanceProfile(r -> r.instanceProfileName(PROFILE)).instanceProfile();
    }
}
