package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Size;

/** The DynamoDB table where WEKA's functions keep clusterization state. */
@ValidationRule(value = "has(self.name) == has(oldSelf.name) && (!has(self.name) || self.name == oldSelf.name)",
        fieldPath = ".name", reason = "FieldValueForbidden",
        message = "stateTable.name is immutable: WEKA's functions keep the cluster's state in that table; "
                + "create a new WekaCluster to use another one")
public class StateTableSpec {
    @Size(min = 3, max = 255)
    @ValidationRule(value = "self.matches('^[A-Za-z0-9_.-]+$')",
            messageExpression = "'must be a DynamoDB table name: letters, digits, underscores, hyphens and dots'"
                    + Formats.REFUSED_VALUE)
    @JsonPropertyDescription("Existing table to use; default <db prefix>-<cluster>-weka-deployment "
            + "(module: dynamodb_table_name). Immutable.")
    public String name;

    @Default("Key")
    @Size(min = 1, max = 255)
    @ValidationRule(value = "self.matches('^[A-Za-z0-9_.-]+$')",
            messageExpression = "'must be letters, digits, underscores, hyphens and dots'" + Formats.REFUSED_VALUE)
    @ValidationRule(value = "self == oldSelf", reason = "FieldValueForbidden",
            messageExpression = "'stateTable.hashKey is immutable: the state table was created with it'"
                    + Formats.REFUSED_CHANGE)
    @JsonPropertyDescription("Hash key of the table (module: dynamodb_hash_key_name). Immutable. Default: Key.")
    public String hashKey;
}
