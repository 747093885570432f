package io.weka.aws.operator.model;

import java.util.Map;

/**
 * The CloudWatch agent set-up every instance of the module runs first, shipping syslog to its group's log group.
 * The module repeats it in each group's init script; here it is one template, rendered into each script's
 * {@code ${aws_logs_agent}}. Clients, which may run other distributions, fall back from yum to apt.
 */
public record AwsLogsAgentScript(String logGroupName, String proxyUrl, boolean anyDistribution) {
    private static final String YUM = "no_proxy=\".amazonaws.com\" https_proxy=\"${proxy_url}\" yum install -y "
            + "amazon-cloudwatch-agent";
    private static final String APT = "no_proxy=\".amazonaws.com\" https_proxy=\"${proxy_url}\" apt install -y "
            + "amazon-cloudwatch-agent";

    public String render() {
        String install = anyDistribution ? YUM + " || " + APT : YUM + ".x86_64";
        return TemplateFile.render("aws-logs-agent.sh", Map.of(
                "weka_log_group_name", logGroupName,
                "proxy_url", proxyUrl,
                "install_agent", TemplateFile.renderText("the agent's install command", install,
                        Map.of("proxy_url", proxyUrl))));
    }
}
