package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;

/** Instances running WEKA's data-services container (module: modules/data_services). Off unless count > 0. */
public class DataServicesSpec extends InstanceGroupSpec {
    @Default("0")
    @Min(0)
    @Max(100)
    @JsonPropertyDescription("Number of data-services instances (module: data_services_number, whose default of 2 "
            + "is not copied). Default: 0.")
    public Integer count;

    @Default("m6i.xlarge")
    @Size(max = Formats.INSTANCE_TYPE_LENGTH)
    @ValidationRule(value = Formats.IS_INSTANCE_TYPE, messageExpression = Formats.INSTANCE_TYPE_MESSAGE)
    @JsonPropertyDescription("Instance type (module: data_services_instance_type). Default: m6i.xlarge.")
    public String instanceType;

    @Default("48")
    @Min(10)
    @Max(16384)
    @JsonPropertyDescription("Size in GB of the /opt/weka volume (module: data_services_weka_volume_size). "
            + "Default: 48.")
    public Integer wekaVolumeSize;

    @Min(8)
    @Max(16384)
    @JsonPropertyDescription("Root volume size in GB; default the AMI's (module: data_services_root_volume_size).")
    public Integer rootVolumeSize;
}
