package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** The DynamoDB table where WEKA's functions keep clusterization state. */
public class StateTableSpec {
    @Pattern("^[A-Za-z0-9_.-]{3,255}$")
    @JsonPropertyDescription("Existing table to use; default <db prefix>-<cluster>-weka-deployment "
            + "(module: dynamodb_table_name).")
    public String name;

    @Default("Key")
    @Pattern("^[A-Za-z0-9_.-]{1,255}$")
    @JsonPropertyDescription("Hash key of the table (module: dynamodb_hash_key_name).")
    public String hashKey;
}
