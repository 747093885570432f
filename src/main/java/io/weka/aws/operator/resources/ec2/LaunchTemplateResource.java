package io.weka.aws.operator.resources.ec2;

import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClientTokens;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.Removal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;

/**
 * The backends' launch template {@code <ec2 prefix>-<cluster>-backend} (main.tf aws_launch_template.launch_template).
 * Its name is fixed, not the module's name_prefix plus a timestamp. A change of any owned field becomes a new version,
 * made the default; the Auto Scaling group launches {@code $Latest}.
 */
public final class LaunchTemplateResource implements AwsResource {
    @Override
    public String kind() {
        return "LaunchTemplate";
    }

    @Override
    public Set<Fact<?>> needs() {
        return Set.of(Facts.SUBNET_ID, Facts.AVAILABILITY_ZONE, Facts.ASSIGN_PUBLIC_IP, Facts.SECURITY_GROUP_IDS,
                Facts.INSTANCE_PROFILE_ARN, Facts.PLACEMENT_GROUP_NAME, Facts.KEY_PAIR_NAME, Facts.EBS_KMS_KEY_ARN);
    }

    @Override
    public Set<Fact<?>> publishes() {
        return Set.of(Facts.LAUNCH_TEMPLATE_ID);
    }

    /** What the template should hold; the image is looked up first (it is the one input that is not a fact). */
    static RequestLaunchTemplateData desired(ClusterContext context, BackendImage image) {
        return BackendLaunchTemplateData.desired(context, image);
    }

    /** The owned fields that differ; empty when the version matches. */
    static List<String> differences(ResponseLaunchTemplateData actual, RequestLaunchTemplateData desired) {
        return LaunchTemplateFields.of(desired).differences(LaunchTemplateFields.of(actual));
    }

    static boolean matches(ResponseLaunchTemplateData actual, RequestLaunchTemplateData desired) {
        return differences(actual, desired).isEmpty();
    }

    @Override
    public void converge(ClusterContext context) {
        RequestLaunchTemplateData desired = desired(context, BackendImage.resolve(context.aws().ec2(),
                context.spec().backends));
        context.publish(Facts.LAUNCH_TEMPLATE_ID, converge(context, kind(), context.names().backendLaunchTemplate(),
                desired));
    }

    /** Creates the template {@code name}, or brings its tags and latest version to the desired; returns its id. */
    static String converge(ClusterContext context, String kind, String name, RequestLaunchTemplateData desired) {
        Ec2Client ec2 = context.aws().ec2();
        Map<String, String> tags = context.tags().common();
        Optional<LaunchTemplate> actual = ec2.describeLaunchTemplates(r -> r.filters(f -> f
                .name("launch-template-name").values(name))).launchTemplates().stream().findFirst();
        String id;
        if (actual.isEmpty()) {
            // Its name is unique: sent again it would be refused, so it is sent once and found by name next time.
            id = context.aws().sentOnce().ec2().createLaunchTemplate(r -> r.launchTemplateName(name)
                    .launchTemplateData(desired).tagSpecifications(Ec2Tags.spec(ResourceType.LAUNCH_TEMPLATE, tags))).launchTemplate()
                    .launchTemplateId();
            context.created(kind, name);
        } else {
            LaunchTemplate template = actual.get();
            id = template.launchTemplateId();
            Map<String, String> found = Ec2Tags.map(template.tags());
            Ec2Tags.requireOwned(context, found, "launch template " + name + " (" + id + ")");
            Ec2Tags.converge(context, id, found, tags, kind, name);
            convergeVersion(context, kind, template, desired);
        }
        context.owns(kind, name, id);
        return id;
    }

    /** A new default version when the latest one differs; the default moved back to the latest when it is not. */
    private static void convergeVersion(ClusterContext context, String kind, LaunchTemplate template,
            RequestLaunchTemplateData desired) {
        Ec2Client ec2 = context.aws().ec2();
        String id = template.launchTemplateId();
        LaunchTemplateVersion latest = ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(id)
                .versions("$Latest")).launchTemplateVersions().get(0);
        List<String> differing = differences(latest.launchTemplateData(), desired);
        if (!differing.isEmpty()) {
            // The version it follows is the intent: the next change of the same template is a new version.
            String token = ClientTokens.of(context, "launch-template-version", id, latest.versionNumber().toString());
            long version = ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(id).launchTemplateData(desired)
                    .clientToken(token)
                    .versionDescription("weka-aws-operator: " + String.join(", ", differing)))
                    .launchTemplateVersion().versionNumber();
            ec2.modifyLaunchTemplate(r -> r.launchTemplateId(id).defaultVersion(Long.toString(version)));
            context.updated(kind, template.launchTemplateName(), "version " + version + " (default): "
                    + String.join(", ", differing) + " changed");
        } else if (!latest.versionNumber().equals(template.defaultVersionNumber())) {
            ec2.modifyLaunchTemplate(r -> r.launchTemplateId(id).defaultVersion(latest.versionNumber().toString()));
            context.updated(kind, template.launchTemplateName(), "default version set to the latest, "
                    + latest.versionNumber());
        }
    }

    @Override
    public Removal delete(ClusterContext context) {
        Ec2Client ec2 = context.aws().ec2();
        String name = context.names().backendLaunchTemplate();
        ec2.describeLaunchTemplates(r -> r.filters(f -> f.name("launch-template-name").values(name))).launchTemplates()
                .stream().filter(t -> Ec2Tags.owned(context, t.tags())).forEach(t -> {
                    ec2.deleteLaunchTemplate(r -> r.launchTemplateId(t.launchTemplateId()));
                    context.deleted(kind(), name);
                });
        return Removal.GONE;
    }
}
