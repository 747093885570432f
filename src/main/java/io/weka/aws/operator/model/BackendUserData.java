package io.weka.aws.operator.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The backends' user data: the module's user_data.sh (v2.0.1, kept as userdata/backend.sh) rendered as Terraform's
 * templatefile renders it. It creates the DPDK NICs, ships syslog to CloudWatch, and runs the script WEKA's deploy function returns.
 *
 * @param proxyUrl   "" without a proxy
 * @param customData "" without custom data
 * @param eniTags    the tags of the extra NICs: the module's local.tags (the user's tags and aws-apn-id)
 */
public record BackendUserData(String region, String proxyUrl, String subnetId, List<String> securityGroupIds,
        int nics, String deployFunctionName, String logGroupName, String customData, Map<String, String> eniTags) {

    public String render() {
        return TemplateFile.render("backend.sh", Map.of(
                "region", region,
                "proxy_url", proxyUrl,
                "subnet_id", subnetId,
                "groups", String.join(" ", securityGroupIds),
                "nics_num", Integer.toString(nics),
                "deploy_lambda_name", deployFunctionName,
                "aws_logs_agent", new AwsLogsAgentScript(logGroupName, proxyUrl, false).render(),
                "custom_data", customData,
                "eni_tags", eniTagsJson(eniTags)));
    }

    /**
     * {@code jsonencode([for k, v in local.tags : {Key = k, Value = v}])}: Terraform iterates a map in key order and
     * escapes as Go's encoder does. A single quote is also escaped (\u0027, the same JSON): the JSON sits inside
     * single quotes in the script, where the module's raw quote would end the argument.
     */
    public static String eniTagsJson(Map<String, String> tags) {
        StringBuilder json = new StringBuilder("[");
        new TreeMap<>(tags).forEach((key, value) -> json.append(json.length() > 1 ? "," : "")
                .append("{\"Key\":").append(jsonString(key)).append(",\"Value\":").append(jsonString(value)).append('}'));
        return json.append(']').toString();
    }

    private static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\'' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
