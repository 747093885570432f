package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** One entry of the module's containers_config_map: how WEKA's containers use one backend instance type. */
public class ContainerLayoutSpec {
    @Required
    @Min(1)
    @JsonPropertyDescription("Cores of the compute container.")
    public Integer compute;

    @Required
    @Min(1)
    @JsonPropertyDescription("Cores of the drives container.")
    public Integer drive;

    @Required
    @Min(0)
    @JsonPropertyDescription("Cores of the frontend container.")
    public Integer frontend;

    @Required
    @Min(1)
    @JsonPropertyDescription("Number of local NVMe devices.")
    public Integer nvme;

    @Required
    @Min(2)
    @JsonPropertyDescription("Number of network interfaces (one for management plus one per WEKA core).")
    public Integer nics;

    @Required
    @Min(1)
    @Max(384)
    @JsonPropertyDescription("Compute container memory in GB without a dedicated frontend container (at most 384).")
    public Double computeMemoryGB;

    @Required
    @Min(1)
    @Max(384)
    @JsonPropertyDescription("Compute container memory in GB with a dedicated frontend container (at most 384).")
    public Double computeMemoryWithFrontendGB;
}
