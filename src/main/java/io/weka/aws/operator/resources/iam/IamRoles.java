package io.weka.aws.operator.resources.iam;

import com.fasterxml.jackson.databind.JsonNode;
import io.weka.aws.operator.model.ClusterTags;
import io.weka.aws.operator.model.IamPolicies;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Removal;
import io.weka.aws.operator.resources.ResourceConflictException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Converges one IAM role of the cluster: the role with its trust policy, the customer-managed policies it should
 * have (each one policy document, kept as the default version), their attachments and the AWS-managed ones. Shared
 * by the four IAM resources; each only says what its role looks like ({@link DesiredRole}).
 */
final class IamRoles {
    static final String ROLE = "IAMRole";
    static final String POLICY = "IAMPolicy";
    static final String INSTANCE_PROFILE = "IAMInstanceProfile";
    /** IAM keeps at most five versions of a managed policy. */
    static final int MAX_POLICY_VERSIONS = 5;
    private static final Comparator<PolicyVersion> OLDEST_FIRST = Comparator.comparing(PolicyVersion::createDate)
            .thenComparing(v -> Integer.parseInt(v.versionId().substring(1)));

    /** A customer-managed policy, named {@code <iam>-<cluster>-<suffix>}, with the one document it should hold. */
    record DesiredPolicy(String name, JsonNode document) {
    }

    /**
     * A role: its trust policy, the policies to create and attach, AWS-managed policies to attach, and names of this
     * cluster's optional policies the spec does not want now (detached and deleted, as the module's count going 0).
     */
    record DesiredRole(String name, JsonNode trust, List<DesiredPolicy> policies, List<String> managedPolicyArns,
            List<String> unwantedPolicies) {
    }

    private final ClusterContext context;
    private final IamClient iam;
    /** For the creates, attachments and additions IAM answers with an error when they come again. */
    private final IamClient sentOnce;

    IamRoles(ClusterContext context) {
        this.context = context;
        this.iam = context.aws().iam();
        this.sentOnce = context.aws().sentOnce().iam();
    }

    /** Converges the role and its policies; returns the role's ARN. */
    String converge(DesiredRole desired) {
        Optional<Role> existing = find(() -> iam.getRole(r -> r.roleName(desired.name())).role());
        String roleArn = existing.map(role -> update(role, desired)).orElseGet(() -> create(desired));
        // A role created just now has no policy yet, and its attachments are part of its creation.
        boolean report = existing.isPresent();
        Set<String> attached = existing.isEmpty() ? new HashSet<>() : iam.listAttachedRolePoliciesPaginator(
                r -> r.roleName(desired.name())).attachedPolicies().stream().map(AttachedPolicy::policyArn)
                .collect(Collectors.toCollection(HashSet::new));
        for (DesiredPolicy policy : desired.policies()) {
            String arn = policy(policyArn(roleArn, policy.name()), policy);
            attach(desired.name(), arn, attached, report);
        }
        desired.managedPolicyArns().forEach(arn -> attach(desired.name(), arn, attached, report));
        desired.unwantedPolicies().forEach(name -> remove(desired.name(), policyArn(roleArn, name), name, attached));
        return roleArn;
    }

    /**
     * Removes the role and this cluster's policies of it: everything attached is detached, instance profiles let go
     * of it, then it is deleted, and each policy it may have had is deleted when ours and attached nowhere else.
     * A namesake role of someone else is left alone, with whatever it holds.
     */
    Removal delete(DesiredRole desired) {
        String name = desired.name();
        Optional<Role> role = find(() -> iam.getRole(r -> r.roleName(name)).role());
        if (role.isPresent()) {
            if (!context.tags().owns(tagMap(role.get().tags()))) {
                return Removal.GONE;
            }
            iam.listAttachedRolePoliciesPaginator(r -> r.roleName(name)).attachedPolicies()
                    .forEach(p -> iam.detachRolePolicy(r -> r.roleName(name).policyArn(p.policyArn())));
            iam.listRolePoliciesPaginator(r -> r.roleName(name)).policyNames()
                    .forEach(p -> iam.deleteRolePolicy(r -> r.roleName(name).policyName(p)));
            for (InstanceProfile profile : iam.listInstanceProfilesForRole(r -> r.roleName(name)).instanceProfiles()) {
                if (!context.tags().owns(tagMap(profile.tags()))) {
                    throw new ResourceConflictException("IAM role " + name + " is held by instance profile "
                            + profile.instanceProfileName() + ", which is not this cluster's: remove the role from it");
                }
                iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName(profile.instanceProfileName()).roleName(name));
            }
            iam.deleteRole(r -> r.roleName(name));
            context.deleted(ROLE, name);
        }
        String rolePath = "arn:" + partition() + ":iam::" + context.accountId() + ":role/" + name;
        return Stream.concat(desired.policies().stream().map(DesiredPolicy::name), desired.unwantedPolicies().stream())
                .map(policy -> remove(name, policyArn(rolePath, policy), policy, new HashSet<>()))
                .reduce(Removal.GONE, (a, b) -> a == Removal.GONE ? b : a);
    }

    /** Deletes the instance profile when it is ours, letting go of whatever role it still holds. */
    void deleteInstanceProfile(String name) {
        find(() -> iam.getInstanceProfile(r -> r.instanceProfileName(name)).instanceProfile())
                .filter(p -> context.tags().owns(tagMap(p.tags()))).ifPresent(p -> {
                    p.roles().forEach(role -> iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName(name)
                            .roleName(role.roleName())));
                    iam.deleteInstanceProfile(r -> r.instanceProfileName(name));
                    context.deleted(INSTANCE_PROFILE, name);
                });
    }

    private String partition() {
        RegionMetadata region = RegionMetadata.of(Region.of(context.spec().region));
        return region == null ? "aws" : region.partition().id();
    }

    /** A policy's ARN in the role's partition and account, at the root path the module uses. */
    static String policyArn(String roleArn, String policyName) {
        String[] parts = roleArn.split(":", 6);
        return "arn:" + parts[1] + ":iam::" + parts[4] + ":policy/" + policyName;
    }

    static boolean matches(JsonNode actual, JsonNode desired) {
        return actual.equals(desired);
    }

    private String create(DesiredRole desired) {
        Role created = sentOnce.createRole(r -> r.roleName(desired.name())
                .assumeRolePolicyDocument(IamPolicies.compact(desired.trust())).tags(tags())).role();
        context.created(ROLE, desired.name());
        context.owns(ROLE, desired.name(), created.arn());
        return created.arn();
    }

    private String update(Role role, DesiredRole desired) {
        requireOwned("IAM role", desired.name(), role.tags());
        if (!matches(IamPolicies.parse(role.assumeRolePolicyDocument()), desired.trust())) {
            iam.updateAssumeRolePolicy(r -> r.roleName(desired.name())
                    .policyDocument(IamPolicies.compact(desired.trust())));
            context.updated(ROLE, desired.name(), "trust policy");
        }
        List<Tag> missing = missingTags(role.tags());
        if (!missing.isEmpty()) {
            iam.tagRole(r -> r.roleName(desired.name()).tags(missing));
            context.updated(ROLE, desired.name(), "tags " + keys(missing));
        }
        context.owns(ROLE, desired.name(), role.arn());
        return role.arn();
    }

    private String policy(String arn, DesiredPolicy desired) {
        Optional<Policy> found = find(() -> iam.getPolicy(r -> r.policyArn(arn)).policy());
        if (found.isEmpty()) {
            Policy created = sentOnce.createPolicy(r -> r.policyName(desired.name())
                    .policyDocument(IamPolicies.compact(desired.document())).tags(tags())).policy();
            context.created(POLICY, desired.name());
            context.owns(POLICY, desired.name(), created.arn());
            return created.arn();
        }
        Policy policy = found.get();
        requireOwned("IAM policy", desired.name(), policy.tags());
        String document = iam.getPolicyVersion(r -> r.policyArn(arn).versionId(policy.defaultVersionId()))
                .policyVersion().document();
        if (!matches(IamPolicies.parse(document), desired.document())) {
            List<PolicyVersion> versions = iam.listPolicyVersions(r -> r.policyArn(arn)).versions();
            if (versions.size() >= MAX_POLICY_VERSIONS) {
                versions.stream().filter(v -> !v.isDefaultVersion()).min(OLDEST_FIRST)
                        .ifPresent(oldest -> iam.deletePolicyVersion(r -> r.policyArn(arn).versionId(oldest.versionId())));
            }
            String version = sentOnce.createPolicyVersion(r -> r.policyArn(arn)
                    .policyDocument(IamPolicies.compact(desired.document())).setAsDefault(true)).policyVersion().versionId();
            context.updated(POLICY, desired.name(), "document, now default version " + version);
        }
        List<Tag> missing = missingTags(policy.tags());
        if (!missing.isEmpty()) {
            iam.tagPolicy(r -> r.policyArn(arn).tags(missing));
            context.updated(POLICY, desired.name(), "tags " + keys(missing));
        }
        context.owns(POLICY, desired.name(), arn);
        return arn;
    }

    private void attach(String roleName, String policyArn, Set<String> attached, boolean report) {
        if (attached.add(policyArn)) {
            sentOnce.attachRolePolicy(r -> r.roleName(roleName).policyArn(policyArn));
            if (report) {
                context.updated(ROLE, roleName, "attached " + policyArn);
            }
        }
    }

    /**
     * A policy of this cluster's role that goes: detached from the role, then deleted unless something else holds it.
     * In progress while IAM still lists our own role as holding it (its lists lag a detach).
     */
    private Removal remove(String roleName, String arn, String name, Set<String> attached) {
        Optional<Policy> found = find(() -> iam.getPolicy(r -> r.policyArn(arn)).policy());
        if (found.isEmpty() || !context.tags().owns(tagMap(found.get().tags()))) {
            return Removal.GONE; // never created, or not ours to delete
        }
        if (attached.remove(arn)) {
            iam.detachRolePolicy(r -> r.roleName(roleName).policyArn(arn));
            context.updated(ROLE, roleName, "detached " + arn);
        }
        Set<String> holders = holders(arn);
        if (!holders.isEmpty()) {
            // Someone attached it elsewhere: leave it to them.
            return holders.equals(Set.of("role/" + roleName)) ? Removal.IN_PROGRESS : Removal.GONE;
        }
        iam.listPolicyVersions(r -> r.policyArn(arn)).versions().stream().filter(v -> !v.isDefaultVersion())
                .forEach(v -> iam.deletePolicyVersion(r -> r.policyArn(arn).versionId(v.versionId())));
        iam.deletePolicy(r -> r.policyArn(arn));
        context.deleted(POLICY, name);
        return Removal.GONE;
    }

    /**
     * The roles, users and groups that hold the policy now ("role/name", ...). Asked rather than worked out from the
     * policy's AttachmentCount read before our detach: a count one too high (an attach sent twice) left the policy
     * behind after the cluster was deleted.
     */
    private Set<String> holders(String arn) {
        var entities = iam.listEntitiesForPolicyPaginator(r -> r.policyArn(arn));
        Set<String> holders = new HashSet<>();
        entities.policyRoles().forEach(r -> holders.add("role/" + r.roleName()));
        entities.policyUsers().forEach(u -> holders.add("user/" + u.userName()));
        entities.policyGroups().forEach(g -> holders.add("group/" + g.groupName()));
        return holders;
    }

    /** Converges the instance profile {@code name} holding exactly the role {@code roleName}; returns its ARN. */
    String instanceProfile(String name, String roleName) {
        Optional<InstanceProfile> found = find(() -> iam.getInstanceProfile(r -> r.instanceProfileName(name))
                .instanceProfile());
        if (found.isEmpty()) {
            InstanceProfile created = sentOnce.createInstanceProfile(r -> r.instanceProfileName(name).tags(tags()))
                    .instanceProfile();
            sentOnce.addRoleToInstanceProfile(r -> r.instanceProfileName(name).roleName(roleName));
            context.created(INSTANCE_PROFILE, name);
            context.owns(INSTANCE_PROFILE, name, created.arn());
            return created.arn();
        }
        InstanceProfile profile = found.get();
        requireOwned("IAM instance profile", name, profile.tags());
        if (!holdsOnly(profile, roleName)) {
            for (Role other : profile.roles()) {
                if (!other.roleName().equals(roleName)) {
                    iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName(name).roleName(other.roleName()));
                }
            }
            if (profile.roles().stream().noneMatch(r -> r.roleName().equals(roleName))) {
                sentOnce.addRoleToInstanceProfile(r -> r.instanceProfileName(name).roleName(roleName));
            }
            context.updated(INSTANCE_PROFILE, name, "role " + roleName);
        }
        List<Tag> missing = missingTags(profile.tags());
        if (!missing.isEmpty()) {
            iam.tagInstanceProfile(r -> r.instanceProfileName(name).tags(missing));
            context.updated(INSTANCE_PROFILE, name, "tags " + keys(missing));
        }
        context.owns(INSTANCE_PROFILE, name, profile.arn());
        return profile.arn();
    }

    /** The profile holds exactly the role (an instance profile holds at most one). */
    static boolean holdsOnly(InstanceProfile actual, String roleName) {
        return actual.roles().size() == 1 && actual.roles().get(0).roleName().equals(roleName);
    }

    /** Throws when a namesake exists without this cluster's identity tag. */
    void requireOwned(String what, String name, List<Tag> tags) {
        Map<String, String> found = tagMap(tags);
        if (!context.tags().owns(found)) {
            throw new ResourceConflictException(what + " " + name + " exists but belongs to "
                    + Optional.ofNullable(found.get(ClusterTags.CLUSTER)).orElse("no WekaCluster"));
        }
    }

    /** The cluster's common tags, in IAM's tag type. */
    List<Tag> tags() {
        return context.tags().as((k, v) -> Tag.builder().key(k).value(v).build());
    }

    /** Common tags that are absent or have another value. */
    List<Tag> missingTags(List<Tag> actual) {
        Map<String, String> found = tagMap(actual);
        return tags().stream().filter(t -> !t.value().equals(found.get(t.key()))).toList();
    }

    static String keys(List<Tag> tags) {
        return tags.stream().map(Tag::key).collect(Collectors.joining(", "));
    }

    static Map<String, String> tagMap(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        if (tags != null) {
            tags.forEach(t -> map.put(t.key(), t.value()));
        }
        return map;
    }

    /** The entity, or empty when IAM says NoSuchEntity. */
    static <T> Optional<T> find(Supplier<T> get) {
        try {
            return Optional.of(get.get());
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        }
    }
}
