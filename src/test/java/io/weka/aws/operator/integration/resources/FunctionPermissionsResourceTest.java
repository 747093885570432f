package io.weka.aws.operator.integration.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.events.ScaleDownRuleResource;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

class FunctionPermissionsResourceTest {
    private static final List<String> INVOKED = List.of("weka-prod-fetch-lambda", "weka-prod-scale-down-lambda",
            "weka-prod-terminate-lambda", "weka-prod-transient-lambda");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private FunctionsFixture.Account account;
    private String namespace;

    @BeforeEach
    void account() {
        LocalAws.reset();
        account = FunctionsFixture.prepare(FunctionsFixture.session(aws));
        namespace = LocalKubernetes.newNamespace("perm");
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void eventBridgeMayInvokeTheFourScaleDownFunctionsFromTheRuleOnly() throws Exception {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", FunctionsFixture.SPEC);
        ClusterContext context = converge(cluster);

        LambdaClient lambda = context.aws().lambda();
        String ruleArn = context.require(Facts.SCALE_DOWN_RULE_ARN);
        for (String function : INVOKED) {
            JsonNode statements = JSON.readTree(lambda.getPolicy(r -> r.functionName(function)).policy())
                    .path("Statement");
            assertThat(statements).hasSize(1);
            JsonNode statement = statements.get(0);
            assertThat(statement.path("Sid").asText()).isEqualTo("AllowExecutionFromCloudWatch");
            assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
            assertThat(statement.path("Action").asText()).isEqualTo("lambda:InvokeFunction");
            assertThat(statement.path("Principal").path("Service").asText()).isEqualTo("events.amazonaws.com");
            assertThat(statement.path("Condition").path("ArnLike").path("AWS:SourceArn").asText()).isEqualTo(ruleArn);
        }
        assertThatThrownBy(() -> lambda.getPolicy(r -> r.functionName("weka-prod-deploy-lambda")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(context.changes()).filteredOn(c -> c.kind().equals("LambdaPermission"))
                .extracting(ClusterContext.Change::action, ClusterContext.Change::name)
                .containsExactlyElementsOf(INVOKED.stream().map(f -> tuple("Created", f + "/AllowExecutionFromCloudWatch"))
                        .toList());
    }

    @Test
    void everythingConvergedMakesNoMutatingCall() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", FunctionsFixture.SPEC);
        converge(cluster);
        var before = TestClusters.mutatingCalls(metrics);

        ClusterContext second = converge(cluster);

        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
        assertThat(second.changes()).isEmpty();
    }

    @Test
    void aRemovedStatementIsAddedAndAStatementForAnotherSourceIsReplaced() throws Exception {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", FunctionsFixture.SPEC);
        LambdaClient lambda = converge(cluster).aws().lambda();
        lambda.removePermission(r -> r.functionName("weka-prod-terminate-lambda").statementId("AllowExecutionFromCloudWatch"));
        lambda.removePermission(r -> r.functionName("weka-prod-fetch-lambda").statementId("AllowExecutionFromCloudWatch"));
        lambda.addPermission(r -> r.functionName("weka-prod-fetch-lambda").statementId("AllowExecutionFromCloudWatch")
                .action("lambda:InvokeFunction").principal("events.amazonaws.com")
                .sourceArn("arn:aws:events:us-east-1:" + LocalAws.ACCOUNT_ID + ":rule/elsewhere"));

        ClusterContext second = converge(cluster);

        String ruleArn = second.require(Facts.SCALE_DOWN_RULE_ARN);
        for (String function : List.of("weka-prod-terminate-lambda", "weka-prod-fetch-lambda")) {
            JsonNode statements = JSON.readTree(lambda.getPolicy(r -> r.functionName(function)).policy())
                    .path("Statement");
            assertThat(statements).hasSize(1);
            assertThat(statements.get(0).path("Condition").path("ArnLike").path("AWS:SourceArn").asText())
                    .isEqualTo(ruleArn);
        }
        assertThat(second.changes()).extracting(ClusterContext.Change::action, ClusterContext.Change::name)
                .containsExactlyInAnyOrder(tuple("Created", "weka-prod-terminate-lambda/AllowExecutionFromCloudWatch"),
                        tuple("Updated", "weka-prod-fetch-lambda/AllowExecutionFromCloudWatch"));
    }

    private ClusterContext converge(WekaCluster cluster) {
        ClusterContext context = FunctionsFixture.publish(TestClusters.context(cluster, aws), account);
        FunctionsFixture.converge(context, FunctionsFixture.all());
        return context;
    }
}
