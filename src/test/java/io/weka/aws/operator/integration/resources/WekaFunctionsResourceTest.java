package io.weka.aws.operator.integration.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.model.ClusterNames;
import io.weka.aws.operator.model.LambdaEnvironments;
import io.weka.aws.operator.model.WekaFunction;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.ResourceConflictException;
import io.weka.aws.operator.resources.lambda.WekaFunctionsResource;
import io.weka.aws.operator.resources.logs.LogGroupsResource;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Architecture;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;

class WekaFunctionsResourceTest {
    private static final Set<WekaFunction> IN_VPC = Set.of(WekaFunction.MANAGEMENT, WekaFunction.SCALE_DOWN);
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private final WekaFunctionsResource resource = new WekaFunctionsResource();
    private FunctionsFixture.Account account;
    private String namespace;

    @BeforeEach
    void account() {
        LocalAws.reset();
        account = FunctionsFixture.prepare(FunctionsFixture.session(aws));
        namespace = LocalKubernetes.newNamespace("fn");
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void createsTheElevenFunctionsAsTheModuleDoes() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", FunctionsFixture.SPEC);
        ClusterContext context = converge(cluster);

        LambdaClient lambda = context.aws().lambda();
        Map<String, String> arns = context.require(Facts.FUNCTION_ARNS);
        assertThat(arns).hasSize(11);
        for (WekaFunction function : WekaFunction.values()) {
            String name = "weka-prod-" + function.nameSuffix() + "-lambda";
            GetFunctionResponse found = lambda.getFunction(r -> r.functionName(name));
            FunctionConfiguration config = found.configuration();
            assertThat(config.handler()).isEqualTo("bootstrap");
            assertThat(config.runtime()).isEqualTo(Runtime.PROVIDED_AL2023);
            assertThat(config.architectures()).containsExactly(Architecture.ARM64);
            assertThat(config.memorySize()).isEqualTo(128);
            assertThat(config.timeout()).isEqualTo(20);
            assertThat(config.role()).isEqualTo(account.lambdaRole());
            assertThat(config.environment().variables()).isEqualTo(expectedEnvironment(cluster, function));
            assertThat(found.code().location()).endsWith(FunctionsFixture.KEY);
            assertThat(config.codeSize()).isPositive();
            assertThat(found.tags()).containsEntry("weka.io/cluster-uid", cluster.getMetadata().getUid())
                    .containsEntry("weka_cluster_name", "prod")
                    .containsEntry("weka.io/code-source", FunctionsFixture.BUCKET + "/" + FunctionsFixture.KEY);
            if (IN_VPC.contains(function)) {
                assertThat(config.vpcConfig().subnetIds()).containsExactly(account.subnetId());
                assertThat(config.vpcConfig().securityGroupIds()).containsExactly(account.securityGroupId());
            } else {
                assertThat(config.vpcConfig() == null || config.vpcConfig().subnetIds().isEmpty()).as(name).isTrue();
            }
            assertThat(arns).containsEntry(name, config.functionArn());
        }
        assertThat(context.changes()).filteredOn(c -> c.kind().equals("LambdaFunction")).hasSize(11)
                .extracting(ClusterContext.Change::action).containsOnly("Created");
    }

    @Test
    void withVpcConfigEveryFunctionIsInTheVpc() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", FunctionsFixture.SPEC + "lambdas: {vpcConfig: true}\n");
        ClusterContext context = converge(cluster);

        for (WekaFunction function : WekaFunction.values()) {
            assertThat(context.aws().lambda().getFunction(r -> r.functionName("weka-prod-" + function.nameSuffix()
                    + "-lambda")).configuration().vpcConfig().subnetIds()).containsExactly(account.subnetId());
        }
    }

    @Test
    void aSecondConvergeMakesNoMutatingCall() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", FunctionsFixture.SPEC);
        Map<String, String> first = converge(cluster).require(Facts.FUNCTION_ARNS);
        Map<String, Double> before = TestClusters.mutatingCalls(metrics);

        ClusterContext second = converge(cluster);

        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
        assertThat(second.changes()).isEmpty();
        assertThat(second.require(Facts.FUNCTION_ARNS)).isEqualTo(first);
    }

    @Test
    void anEnvironmentChangedBehindItsBackIsRestored() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", FunctionsFixture.SPEC);
        LambdaClient lambda = converge(cluster).aws().lambda();
        lambda.updateFunctionConfiguration(r -> r.functionName("weka-prod-fetch-lambda")
                .environment(e -> e.variables(Map.of("LAMBDA", "fetch", "ROLE", "client"))));
        lambda.updateFunctionConfiguration(r -> r.functionName("weka-prod-scale-down-lambda").memorySize(512)
                .vpcConfig(v -> v.subnetIds().securityGroupIds()));

        ClusterContext second = converge(cluster);

        assertThat(lambda.getFunction(r -> r.functionName("weka-prod-fetch-lambda")).configuration().environment()
                .variables()).isEqualTo(expectedEnvironment(cluster, WekaFunction.FETCH));
        FunctionConfiguration scaleDown = lambda.getFunction(r -> r.functionName("weka-prod-scale-down-lambda"))
                .configuration();
        assertThat(scaleDown.memorySize()).isEqualTo(128);
        assertThat(scaleDown.vpcConfig().subnetIds()).containsExactly(account.subnetId());
        assertThat(second.changes()).extracting(ClusterContext.Change::action, ClusterContext.Change::name,
                ClusterContext.Change::detail).containsExactlyInAnyOrder(
                tuple("Updated", "weka-prod-fetch-lambda", "configuration: environment"),
                tuple("Updated", "weka-prod-scale-down-lambda", "configuration: memory/timeout, vpc"));
    }

    @Test
    void aDeletedFunctionIsCreatedAgain() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", FunctionsFixture.SPEC);
        LambdaClient lambda = converge(cluster).aws().lambda();
        lambda.deleteFunction(r -> r.functionName("weka-prod-status-lambda"));

        ClusterContext second = converge(cluster);

        assertThat(lambda.getFunction(r -> r.functionName("weka-prod-status-lambda")).configuration().environment()
                .variables()).isEqualTo(expectedEnvironment(cluster, WekaFunction.STATUS));
        assertThat(second.changes()).extracting(ClusterContext.Change::action, ClusterContext.Change::name)
                .containsExactly(tuple("Created", "weka-prod-status-lambda"));
    }

    @Test
    void anotherZipInTheSpecDeploysTheCodeOfEveryFunction() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", FunctionsFixture.SPEC);
        converge(cluster);
        String key = "custom/weka-lambdas.zip";
        FunctionsFixture.upload(FunctionsFixture.session(aws), FunctionsFixture.BUCKET, key);
        cluster.getSpec().lambdas.s3Key = key;

        ClusterContext changed = converge(cluster);

        GetFunctionResponse deploy = changed.aws().lambda().getFunction(r -> r.functionName("weka-prod-deploy-lambda"));
        assertThat(deploy.code().location()).endsWith(key);
        assertThat(deploy.tags()).containsEntry("weka.io/code-source", FunctionsFixture.BUCKET + "/" + key);
        assertThat(changed.changes()).hasSize(11).extracting(ClusterContext.Change::detail)
                .containsOnly("code: " + FunctionsFixture.BUCKET + "/" + key);
        Map<String, Double> before = TestClusters.mutatingCalls(metrics);
        assertThat(converge(cluster).changes()).isEmpty();
        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
    }

    @Test
    void aNamesakeOfAnotherClusterIsNotTakenOver() {
        WekaCluster other = TestClusters.stored(LocalKubernetes.newNamespace("other"), "prod", FunctionsFixture.SPEC);
        ClusterContext theirs = FunctionsFixture.publish(TestClusters.context(other, aws), account);
        theirs.publish(Facts.LOG_GROUP_ARNS, Map.of());
        theirs.aws().lambda().createFunction(r -> r.functionName("weka-prod-report-lambda").role(account.lambdaRole())
                .runtime(Runtime.PROVIDED_AL2023).handler("bootstrap")
                .code(c -> c.s3Bucket(FunctionsFixture.BUCKET).s3Key(FunctionsFixture.KEY))
                .tags(theirs.tags().common()));
        WekaCluster cluster = TestClusters.stored(namespace, "prod", FunctionsFixture.SPEC);

        assertThatThrownBy(() -> converge(cluster)).isInstanceOf(ResourceConflictException.class)
                .hasMessageContaining("function weka-prod-report-lambda exists but belongs to other-");
    }

    /** Log groups first, as the graph orders them, then the functions. */
    private ClusterContext converge(WekaCluster cluster) {
        ClusterContext context = FunctionsFixture.publish(TestClusters.context(cluster, aws), account);
        FunctionsFixture.converge(context, new LogGroupsResource(), resource);
        return context;
    }

    private static Map<String, String> expectedEnvironment(WekaCluster cluster, WekaFunction function) {
        return LambdaEnvironments.of(function, cluster.getSpec(), new ClusterNames(cluster),
                new LambdaEnvironments.Inputs(FunctionsFixture.STATE_TABLE,
                        FunctionsFixture.SECRETS + "get_weka_io_token-Ab1x", FunctionsFixture.SECRETS + "weka-username-Ab1x",
                        FunctionsFixture.SECRETS + "weka-password-Ab1x",
                        FunctionsFixture.SECRETS + "weka-deployment-password-Ab1x", null));
    }
}
