package io.weka.aws.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.weka.aws.operator.api.v1alpha1.spec.Formats;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A WEKA data-platform cluster on AWS, converged continuously from its spec. */
@JsonClassDescription(WekaCluster.DESCRIPTION)
@Group(WekaCluster.GROUP)
@Version(WekaCluster.VERSION)
@Kind("WekaCluster")
@Plural("wekaclusters")
@ShortNames("wc")
@AdditionalPrinterColumn(name = "Region", jsonPath = ".spec.region", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Backends", jsonPath = ".status.backends.summary", type = AdditionalPrinterColumn.Type.STRING,
        getDescription = "backends in WEKA / desired; before clusterization, instances running / desired")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Synced", jsonPath = ".status.conditions[?(@.type==\"Synced\")].status",
        type = AdditionalPrinterColumn.Type.STRING, getDescription = "whether the last reconcile completed")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
        type = AdditionalPrinterColumn.Type.STRING, priority = 1, getDescription = "why the cluster is or is not Ready")
@AdditionalPrinterColumn(name = "ALB", jsonPath = ".status.outputs.albDnsName", type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(name = "Instance Type", jsonPath = ".spec.backends.instanceType",
        type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@ValidationRule(value = "has(self.spec)", reason = "FieldValueRequired", message = "spec is required")
@ValidationRule(value = "!has(self.spec) || has(self.spec.clusterName) || self.metadata.name.matches('"
        + Formats.NAME_PART + "')", reason = "FieldValueInvalid", fieldPath = ".spec.clusterName",
        messageExpression = "'metadata.name ' + self.metadata.name + ' is used in AWS names, which allow only "
                + "letters, digits and hyphens: set spec.clusterName'")
@ValidationRule(value = "!has(self.spec) || (has(self.spec.loadBalancer.enabled) && !self.spec.loadBalancer.enabled) "
        + "|| size(" + WekaCluster.LB_PREFIX + ") + size(" + WekaCluster.CLUSTER_NAME + ") + 4 <= 32",
        reason = "FieldValueInvalid", fieldPath = ".spec.clusterName",
        messageExpression = "'the load balancer name ' + " + WekaCluster.LB_PREFIX + " + '-' + "
                + WekaCluster.CLUSTER_NAME + " + '-lb is longer than the 32 characters AWS allows: shorten "
                + "clusterName (default metadata.name), prefix or customPrefix.lb'")
@ValidationRule(value = "!has(self.spec) || size(" + WekaCluster.LAMBDA_PREFIX + ") + size(" + WekaCluster.CLUSTER_NAME
        + ") + 19 <= 64", reason = "FieldValueInvalid", fieldPath = ".spec.clusterName",
        messageExpression = "'the function name ' + " + WekaCluster.LAMBDA_PREFIX + " + '-' + "
                + WekaCluster.CLUSTER_NAME + " + '-management-lambda is longer than the 64 characters AWS allows: "
                + "shorten clusterName (default metadata.name), prefix or customPrefix.lambda'")
@ValidationRule(value = "!has(self.spec) || size(" + WekaCluster.IAM_PREFIX + ") + size(" + WekaCluster.CLUSTER_NAME
        + ") + 27 <= 64", reason = "FieldValueInvalid", fieldPath = ".spec.clusterName",
        messageExpression = "'the IAM role name ' + " + WekaCluster.IAM_PREFIX + " + '-' + "
                + WekaCluster.CLUSTER_NAME + " + '-smb-protocol-gateway-role is longer than the 64 characters AWS allows: "
                + "shorten clusterName (default metadata.name), prefix or customPrefix.iam'")
@ValidationRule(value = "!has(self.spec) || size(" + WekaCluster.CLOUDWATCH_PREFIX + ") + size("
        + WekaCluster.CLUSTER_NAME + ") + 25 <= 64", reason = "FieldValueInvalid", fieldPath = ".spec.clusterName",
        messageExpression = "'the EventBridge rule name ' + " + WekaCluster.CLOUDWATCH_PREFIX + " + '-' + "
                + WekaCluster.CLUSTER_NAME + " + '-scale-down-trigger-rule is longer than the 64 characters AWS allows: "
                + "shorten clusterName (default metadata.name), prefix or customPrefix.cloudwatch'")
@ValidationRule(value = "!has(self.spec) || size(" + WekaCluster.SFN_PREFIX + ") + size(" + WekaCluster.CLUSTER_NAME
        + ") + 26 <= 80", reason = "FieldValueInvalid", fieldPath = ".spec.clusterName",
        messageExpression = "'the state machine name ' + " + WekaCluster.SFN_PREFIX + " + '-' + "
                + WekaCluster.CLUSTER_NAME + " + '-scale-down-state-machine is longer than the 80 characters AWS allows: "
                + "shorten clusterName (default metadata.name), prefix or customPrefix.sfn'")
@ValidationRule(value = "!has(self.spec) || !has(self.spec.tiering.enabled) || !self.spec.tiering.enabled "
        + "|| has(self.spec.tiering.bucket) || size(" + WekaCluster.OBS_PREFIX + ") + size(" + WekaCluster.CLUSTER_NAME
        + ") + 5 <= 63", reason = "FieldValueInvalid", fieldPath = ".spec.clusterName",
        messageExpression = "'the default tiering bucket ' + " + WekaCluster.OBS_PREFIX + " + '-' + "
                + WekaCluster.CLUSTER_NAME + " + '-obs is longer than the 63 characters AWS allows: "
                + "set tiering.bucket or shorten clusterName, prefix or customPrefix.obs'")
@ValidationRule(value = "!has(self.spec) || !has(self.spec.tiering.enabled) || !self.spec.tiering.enabled "
        + "|| !has(self.spec.tiering.iamBucketPrefix) || has(self.spec.tiering.bucket) "
        + "|| (" + WekaCluster.OBS_PREFIX + " + '-' + " + WekaCluster.CLUSTER_NAME
        + " + '-obs').lowerAscii().startsWith(self.spec.tiering.iamBucketPrefix)",
        fieldPath = ".spec.tiering.iamBucketPrefix", reason = "FieldValueInvalid",
        message = "the default tiering bucket <obs prefix>-<clusterName>-obs must start with tiering.iamBucketPrefix: "
                + "set tiering.bucket or change the prefix")
public class WekaCluster extends CustomResource<WekaClusterSpec, WekaClusterStatus> implements Namespaced {
    public static final String DESCRIPTION = "A WEKA data-platform cluster on AWS (the Terraform module "
            + "weka/weka/aws as a resource): the operator creates and keeps every AWS resource of the cluster as the "
            + "spec says, follows WEKA's clusterization and reports progress and outputs in status.";
    public static final String GROUP = "aws.weka.io";
    public static final String VERSION = "v1alpha1";
    /** Set to "true" to stop all AWS calls for this cluster until it is removed or set to "false". */
    public static final String PAUSE_ANNOTATION = GROUP + "/paused";
    // CEL for the effective cluster name and each service's name prefix (its custom prefix, or spec.prefix).
    static final String CLUSTER_NAME = "(has(self.spec.clusterName) ? self.spec.clusterName : self.metadata.name)";
    static final String LB_PREFIX = "(has(self.spec.customPrefix.lb) ? self.spec.customPrefix.lb : self.spec.prefix)";
    static final String LAMBDA_PREFIX = "(has(self.spec.customPrefix.lambda) ? self.spec.customPrefix.lambda : self.spec.prefix)";
    static final String IAM_PREFIX = "(has(self.spec.customPrefix.iam) ? self.spec.customPrefix.iam : self.spec.prefix)";
    static final String CLOUDWATCH_PREFIX = "(has(self.spec.customPrefix.cloudwatch) ? self.spec.customPrefix.cloudwatch : self.spec.prefix)";
    static final String SFN_PREFIX = "(has(self.spec.customPrefix.sfn) ? self.spec.customPrefix.sfn : self.spec.prefix)";
    static final String OBS_PREFIX = "(has(self.spec.customPrefix.obs) ? self.spec.customPrefix.obs : self.spec.prefix)";

    @JsonIgnore
    public boolean isPaused() {
        return "true".equalsIgnoreCase(getMetadata().getAnnotations() == null ? null
                : getMetadata().getAnnotations().get(PAUSE_ANNOTATION));
    }

    @Override
    @JsonPropertyDescription("What the cluster is: its AWS region, WEKA release, backends, network and optional "
            + "parts; the operator converges AWS to it.")
    public WekaClusterSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the operator found: phase, conditions, backends, clusterization progress, WEKA's "
            + "own status and the module's outputs. Written by the operator only.")
    public WekaClusterStatus getStatus() {
        return super.getStatus();
    }

    /** The WEKA cluster name: spec.clusterName, or the resource's own name. */
    public String clusterName() {
        return getSpec().clusterName != null ? getSpec().clusterName : getMetadata().getName();
    }
}
