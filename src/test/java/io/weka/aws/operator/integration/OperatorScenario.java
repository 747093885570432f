package io.weka.aws.operator.integration;

import io.weka.aws.operator.testenv.InProcessOperator;
import io.weka.aws.operator.testenv.WekaReleaseBucket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Tests that apply WekaClusters to the API server and let the operator, running in the test JVM, converge them:
 * each test starts from an empty AWS account that holds only WEKA's release bucket, in a namespace of its own.
 */
abstract class OperatorScenario {
    protected static InProcessOperator operator;
    private final String purpose;
    protected String namespace;

    protected OperatorScenario(String purpose) {
        this.purpose = purpose;
    }

    @BeforeAll
    static void startOperator() {
        operator = InProcessOperator.start();
    }

    @AfterAll
    static void stopOperator() {
        operator.close();
    }

    @BeforeEach
    void emptyAccountWithWekasReleaseBucket() {
        namespace = operator.freshNamespace(purpose);
        WekaReleaseBucket.seed();
    }
}
