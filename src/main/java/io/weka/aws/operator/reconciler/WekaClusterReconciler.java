package io.weka.aws.operator.reconciler;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.MeterRegistry;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.api.v1alpha1.spec.AwsCredentialsSpec;
import io.weka.aws.operator.api.v1alpha1.spec.DeletionPolicy;
import io.weka.aws.operator.api.v1alpha1.status.OutputsStatus;
import io.weka.aws.operator.api.v1alpha1.status.Phase;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.aws.AwsFailureClass;
import io.weka.aws.operator.aws.AwsSession;
import io.weka.aws.operator.aws.ClusterCredentials;
import io.weka.aws.operator.model.PreflightPlan;
import io.weka.aws.operator.resources.BackendStack;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.ConvergenceExecutor;
import io.weka.aws.operator.resources.ConvergenceGraph;
import io.weka.aws.operator.resources.autoscaling.AutoScalingGroupResource;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;

/**
 * Converges a WekaCluster. {@link #reconcile} is the table of contents: each step is one named method, and
 * everything a step learns reaches status through the {@link StatusAggregator}.
 */
// Not generation-aware: the pause annotation changes no generation, and must take effect at once.
@ControllerConfiguration(name = WekaClusterReconciler.NAME, generationAwareEventProcessing = false)
public class WekaClusterReconciler implements Reconciler<WekaCluster>, Cleaner<WekaCluster> {
    public static final String NAME = "wekacluster";
    /** While AWS removes what is being deleted (instances terminating, a NAT gateway draining). */
    static final Duration DELETION_POLL = Duration.ofSeconds(5);
    private static final String RETAIN_HINT = " (the AWS resources are kept until this is mended; set deletionPolicy "
            + "Retain to release the WekaCluster and leave them)";
    private static final Logger LOG = Logger.getLogger(WekaClusterReconciler.class);

    private final AwsClientFactory aws;
    private final Clock clock;
    private final ConvergenceExecutor convergence;
    private final ConvergenceGraph backendStack = BackendStack.graph();
    private final ClusterEvents events;
    private final PollIntervals polling;
    private final ClusterPhaseMetrics phases;
    private final AwsWaits waits;
    private final RetryBackoff backoff = new RetryBackoff(new Random());
    private final TerminalFailures terminalFailures = new TerminalFailures();

    public WekaClusterReconciler(AwsClientFactory aws, Clock clock, ConvergenceExecutor convergence,
            PollIntervals polling, MeterRegistry metrics) {
        this.aws = aws;
        this.clock = clock;
        this.convergence = convergence;
        this.polling = polling;
        this.events = new ClusterEvents(clock);
        this.phases = new ClusterPhaseMetrics(metrics);
        this.waits = new AwsWaits(clock);
    }

    @Override
    public UpdateControl<WekaCluster> reconcile(WekaCluster cluster, Context<WekaCluster> context) {
        try (ClusterLogContext log = ClusterLogContext.of(cluster)) {
            return converge(cluster, context);
        }
    }

    private UpdateControl<WekaCluster> converge(WekaCluster cluster, Context<WekaCluster> context) {
        StatusAggregator status = new StatusAggregator(cluster, clock);
        String uid = cluster.getMetadata().getUid();
        if (cluster.isPaused()) {
            terminalFailures.forget(uid);
            return patch(context, cluster, status.paused());
        }
        status.active();
        ReferencedSecrets secrets = new ReferencedSecrets(context.getClient(), cluster.getMetadata().getNamespace());
        AwsWaits.Pass awsWaits = waits.pass(uid);
        TerminalFailures.Fingerprint fingerprint = null;
        try {
            claimAwsNames(cluster, context);
            checkTokenSource(cluster.getSpec(), secrets);
            fingerprint = TerminalFailures.Fingerprint.of(cluster, secrets);
            if (terminalFailures.unchanged(uid, fingerprint)) {
                LOG.debug("the last reconcile failed in a way only a change can mend, and nothing changed: no AWS call");
                return UpdateControl.<WekaCluster>noUpdate().rescheduleAfter(polling.stable());
            }
            AwsSession session = connect(cluster, secrets);
            ClusterContext infrastructure = new ClusterContext(cluster, session, context.getClient());
            status.outputs().awsAccountId = infrastructure.accountId();
            preflight(cluster.getSpec(), session, status);
            announceProvisioning(context, cluster);
            ClusterizationState clusterization = observeClusterization(infrastructure);
            holdScalingWhileClusterizing(infrastructure, clusterization);
            InfrastructureOutcome outcome = InfrastructureOutcome.of(backendStack.converge(infrastructure, convergence),
                    awsWaits);
            ClusterOutputs.fill(status.outputs(), infrastructure);
            BackendInstances backends = observeBackends(session, status.outputs());
            status.outputs().backendIps = backends.ips();
            status.csiSecret(new CsiApiSecret(infrastructure).converge(status.outputs(), backends));
            events.changes(context.getClient(), cluster, infrastructure);
            LaunchFailures.Launches backendLaunches = LaunchFailures.backends(session, status.outputs().asgName,
                    backends.running() < infrastructure.backendCount());
            LaunchFailures.Launches groupLaunches = LaunchFailures.instanceGroups(session, infrastructure);
            events.launchesFailed(context.getClient(), cluster, backendLaunches, groupLaunches);
            status.resources(infrastructure.inventory())
                    .launches(ConditionType.BackendsLaunching, backendLaunches)
                    .launches(ConditionType.InstanceGroupsLaunching, groupLaunches)
                    .clusterization(clusterization, outcome.converged(), backends.privateIps())
                    .weka(observeWekaStatus(session, status.outputs(), clusterization))
                    .backends(cluster.getSpec().backends.count, infrastructure.backendCount(), backends.running())
                    .scaling(cluster.getSpec().backends.count, infrastructure.backendCount(), clusterization.unreadable());
            return report(context, cluster, status, outcome, fingerprint);
        } catch (ClusterConfigurationException e) {
            // Retried (with backoff) rather than skipped: a NameConflict ends when another WekaCluster goes, a
            // failed preflight when a quota is raised, neither of which a fingerprint of this cluster shows.
            events.failed(context.getClient(), cluster, e.reason(), e.getMessage());
            status.failed(e.reason(), e.getMessage(), true);
            return patch(context, cluster, status).rescheduleAfter(backoff.afterFailure(uid));
        } catch (SdkException e) {
            InfrastructureOutcome outcome = InfrastructureOutcome.ofFailure(AwsFailureClass.service(e), e, awsWaits);
            LOG.warnf("AWS call failed (%s): %s", outcome.verdict(), outcome.message());
            return failed(context, cluster, status, outcome, fingerprint);
        } catch (RuntimeException e) {
            // A bug or an answer AWS should not give: said in status and retried calmly, never a retry storm.
            LOG.error("reconcile failed unexpectedly", e);
            events.failed(context.getClient(), cluster, Reason.UNEXPECTED_ERROR, e.toString());
            status.failed(Reason.UNEXPECTED_ERROR, e.toString(), false);
            return patch(context, cluster, status).rescheduleAfter(backoff.afterFailure(uid));
        } finally {
            awsWaits.end();
        }
    }

    /**
     * A failed pass: a wait for AWS inside its window is no failure yet (no Warning event, phase unchanged); what
     * only a change can mend is not tried again until the spec or a referenced Secret changes, the rest is retried
     * with backoff.
     */
    private UpdateControl<WekaCluster> failed(Context<WekaCluster> context, WekaCluster cluster,
            StatusAggregator status, InfrastructureOutcome outcome, TerminalFailures.Fingerprint fingerprint) {
        String uid = cluster.getMetadata().getUid();
        if (outcome.verdict() != InfrastructureOutcome.Verdict.WAITING) {
            events.failed(context.getClient(), cluster, outcome.reason(), outcome.message());
        }
        status.failed(outcome.reason(), outcome.message(), outcome.verdict().failed());
        if (outcome.verdict() == InfrastructureOutcome.Verdict.TERMINAL) {
            terminalFailures.record(uid, fingerprint);
            return patch(context, cluster, status).rescheduleAfter(polling.stable());
        }
        terminalFailures.forget(uid);
        return patch(context, cluster, status).rescheduleAfter(backoff.afterFailure(uid));
    }

    /**
     * Deletion: Retain releases the WekaCluster at once; Delete removes every AWS resource of the cluster,
     * consumers before producers, and holds the finalizer until AWS reports each one gone.
     */
    @Override
    public DeleteControl cleanup(WekaCluster cluster, Context<WekaCluster> context) {
        try (ClusterLogContext log = ClusterLogContext.of(cluster)) {
            DeleteControl control = delete(cluster, context);
            if (control.isRemoveFinalizer()) {
                phases.remove(cluster.getMetadata().getNamespace(), cluster.getMetadata().getName());
                forget(cluster.getMetadata().getUid());
            }
            return control;
        }
    }

    private DeleteControl delete(WekaCluster cluster, Context<WekaCluster> context) {
        if (cluster.getSpec().deletionPolicy == DeletionPolicy.Retain) {
            LOG.info("deleted with deletionPolicy Retain; its AWS resources stay");
            events.retained(context.getClient(), cluster);
            return DeleteControl.defaultDelete();
        }
        StatusAggregator status = new StatusAggregator(cluster, clock);
        if (cluster.isPaused()) {
            applyStatus(context, cluster, status.paused());
            return DeleteControl.noFinalizerRemoval();
        }
        status.active();
        String uid = cluster.getMetadata().getUid();
        AwsWaits.Pass awsWaits = waits.pass(uid);
        try {
            ClusterContext infrastructure = new ClusterContext(cluster,
                    connect(cluster, new ReferencedSecrets(context.getClient(), cluster.getMetadata().getNamespace())),
                    context.getClient());
            ConvergenceGraph.Result result = backendStack.delete(infrastructure, convergence);
            events.changes(context.getClient(), cluster, infrastructure);
            if (result.converged()) {
                return DeleteControl.defaultDelete();
            }
            InfrastructureOutcome outcome = InfrastructureOutcome.of(result, awsWaits);
            status.report(ConditionType.InfrastructureReady, false, outcome.reason(), "deleting: " + outcome.message());
            if (result.failures().isEmpty()) {
                backoff.reset(uid);
                applyStatus(context, cluster, status);
                return DeleteControl.noFinalizerRemoval().rescheduleAfter(DELETION_POLL);
            }
            deletionFailed(context, cluster, status, outcome.reason(), outcome.message(), outcome.verdict());
        } catch (ClusterConfigurationException e) {
            deletionFailed(context, cluster, status, e.reason(), e.getMessage() + RETAIN_HINT,
                    InfrastructureOutcome.Verdict.FAILING);
        } catch (SdkException e) {
            InfrastructureOutcome outcome = InfrastructureOutcome.ofFailure(AwsFailureClass.service(e), e, awsWaits);
            deletionFailed(context, cluster, status, outcome.reason(), outcome.message() + RETAIN_HINT,
                    outcome.verdict());
        } finally {
            awsWaits.end();
        }
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(backoff.afterFailure(uid));
    }

    /** A deletion is retried whatever failed it (with backoff): the phase stays Deleting and the reason says why. */
    private void deletionFailed(Context<WekaCluster> context, WekaCluster cluster, StatusAggregator status,
            String reason, String message, InfrastructureOutcome.Verdict verdict) {
        if (verdict != InfrastructureOutcome.Verdict.WAITING) {
            events.failed(context.getClient(), cluster, reason, message);
        }
        status.failed(reason, message, false);
        applyStatus(context, cluster, status);
    }

    /** A cluster that is gone leaves nothing behind in memory. */
    private void forget(String uid) {
        waits.forget(uid);
        backoff.reset(uid);
        terminalFailures.forget(uid);
    }

    /** The AWS names are the first WekaCluster's that has them; another one waits, without touching AWS. */
    private static void claimAwsNames(WekaCluster cluster, Context<WekaCluster> context) {
        AwsNameClaims.requireFirst(cluster, context.getPrimaryCache().list());
    }

    /** The get.weka.io token must be readable before anything is created that would need it. */
    private void checkTokenSource(WekaClusterSpec spec, ReferencedSecrets secrets) {
        if (spec.weka.tokenSecretRef == null) {
            return;
        }
        String name = spec.weka.tokenSecretRef.name;
        String key = spec.weka.tokenSecretRef.key;
        Secret secret = secrets.find(name).orElseThrow(() -> new ClusterConfigurationException(
                Reason.TOKEN_SECRET_NOT_FOUND, "Secret " + secrets.namespace() + "/" + name + " (weka.tokenSecretRef) not found"));
        String token = ReferencedSecrets.decoded(secret).get(key);
        if (token == null || token.isBlank()) {
            throw new ClusterConfigurationException(Reason.TOKEN_SECRET_NOT_FOUND,
                    "Secret " + secrets.namespace() + "/" + name + " has no non-empty key '" + key + "' (weka.tokenSecretRef)");
        }
    }

    /**
     * Nothing is created for a spec the account cannot run: quotas, zones and the functions' code are read first,
     * again whenever what they were read for changes.
     */
    private static void preflight(WekaClusterSpec spec, AwsSession session, StatusAggregator status) {
        PreflightPlan plan = PreflightPlan.of(spec);
        if (status.preflightPassed(plan.digest())) {
            return;
        }
        Preflight.Result result = Preflight.run(session, spec, plan);
        status.preflight(result, plan.digest());
        if (!result.passed()) {
            throw new ClusterConfigurationException(result.reason(), result.message());
        }
    }

    /** Credentials: the cluster's own Secret and role, or the operator's chain; proven by asking STS who we are. */
    private AwsSession connect(WekaCluster cluster, ReferencedSecrets secrets) {
        AwsCredentialsSpec spec = cluster.getSpec().credentials;
        String key = "default";
        AwsCredentialsProvider base;
        if (spec != null && spec.secretRef != null) {
            Secret secret = secrets.find(spec.secretRef.name).orElseThrow(() -> new ClusterConfigurationException(
                    Reason.CREDENTIALS_SECRET_INVALID,
                    "Secret " + secrets.namespace() + "/" + spec.secretRef.name + " (credentials.secretRef) not found"));
            try {
                base = ClusterCredentials.fromSecretData(ReferencedSecrets.decoded(secret));
            } catch (IllegalArgumentException e) {
                throw new ClusterConfigurationException(Reason.CREDENTIALS_SECRET_INVALID,
                        "Secret " + secrets.namespace() + "/" + spec.secretRef.name + " (credentials.secretRef) " + e.getMessage());
            }
            key = "secret:" + secrets.namespace() + "/" + spec.secretRef.name + "@" + secret.getMetadata().getResourceVersion();
        } else {
            base = aws.defaultCredentials();
        }
        if (spec == null || spec.roleArn == null) {
            AwsCredentialsProvider credentials = base;
            return aws.session(cluster.getSpec().region, key, () -> credentials);
        }
        String sessionName = "weka-aws-operator-" + cluster.getMetadata().getUid();
        return aws.session(cluster.getSpec().region, key + "|" + spec.roleArn + "|" + spec.externalId,
                () -> ClusterCredentials.assumeRole(aws, Region.of(cluster.getSpec().region), base, spec.roleArn,
                        spec.externalId, sessionName));
    }

    /** A new cluster's first pass creates everything and takes a while: say so before it, not only after. */
    private void announceProvisioning(Context<WekaCluster> context, WekaCluster cluster) {
        if (cluster.getStatus() == null || cluster.getStatus().phase == null
                || cluster.getStatus().phase == Phase.Pending) {
            applyStatus(context, cluster, new StatusAggregator(cluster, clock).active()
                    .report(ConditionType.InfrastructureReady, false, Reason.PROVISIONING, "creating the AWS resources")
                    .report(ConditionType.Ready, false, Reason.PROVISIONING, "the infrastructure is being provisioned"));
        }
    }

    /** Read before converging: how far WEKA's functions are decides what the Auto Scaling group may get. */
    private static ClusterizationState observeClusterization(ClusterContext infrastructure) {
        return ClusterizationState.read(infrastructure);
    }

    private static void holdScalingWhileClusterizing(ClusterContext infrastructure, ClusterizationState state) {
        infrastructure.holdBackendsAt(state.backendsToApply(infrastructure.spec().backends.count,
                () -> AutoScalingGroupResource.desiredCapacity(infrastructure)));
    }

    /** WEKA's status exists only once it has clusterized; asking earlier would only report the function's error. */
    private static WekaHealth observeWekaStatus(AwsSession session, OutputsStatus outputs, ClusterizationState state) {
        if (!state.clusterized()) {
            return WekaHealth.unknown(Reason.NOT_CLUSTERIZED, "WEKA has not clusterized yet");
        }
        if (outputs.statusLambdaName == null) {
            return WekaHealth.unknown(Reason.WAITING_FOR_INFRASTRUCTURE, "the status function does not exist yet");
        }
        return WekaHealth.ask(session, outputs.statusLambdaName);
    }

    private static BackendInstances observeBackends(AwsSession session, OutputsStatus outputs) {
        return outputs.asgName == null ? BackendInstances.NONE
                : BackendInstances.observe(session, outputs.asgName, "PublicIpAddress".equals(outputs.ipsType));
    }

    /**
     * Infrastructure first; WEKA clusterizes on it once it is there, and is Ready when its IO runs. Looked at again
     * soon while anything is under way, rarely once Ready.
     */
    private UpdateControl<WekaCluster> report(Context<WekaCluster> context, WekaCluster cluster,
            StatusAggregator status, InfrastructureOutcome outcome, TerminalFailures.Fingerprint fingerprint) {
        if (outcome.converged()) {
            backoff.reset(cluster.getMetadata().getUid());
            terminalFailures.forget(cluster.getMetadata().getUid());
            status.report(ConditionType.InfrastructureReady, true, outcome.reason(), outcome.message()).synced();
            if (!status.clusterized()) {
                status.report(ConditionType.Ready, false, Reason.CLUSTERIZING, "the infrastructure is ready; WEKA is "
                        + "being installed and clusterized");
            } else {
                status.readyWhenWekaHealthy();
            }
            WekaCluster update = statusOnly(context, cluster, status);
            return UpdateControl.patchStatus(update).rescheduleAfter(polling.after(update.getStatus().phase));
        }
        status.report(ConditionType.InfrastructureReady, false, outcome.reason(), outcome.message())
                .report(ConditionType.Ready, false, outcome.reason(), outcome.message());
        return failed(context, cluster, status, outcome, fingerprint);
    }

    /** Status goes out as a fresh object holding only what the operator owns (server-side apply). */
    private UpdateControl<WekaCluster> patch(Context<WekaCluster> context, WekaCluster cluster,
            StatusAggregator status) {
        return UpdateControl.patchStatus(statusOnly(context, cluster, status));
    }

    /**
     * Status written at once rather than returned: a cleanup returns none, and a first reconcile says it is
     * provisioning before it starts. Same field manager as the reconciler's.
     */
    private void applyStatus(Context<WekaCluster> context, WekaCluster cluster, StatusAggregator status) {
        WekaCluster update = statusOnly(context, cluster, status);
        try {
            context.getClient().resource(update).subresource("status").patch(new PatchContext.Builder()
                    .withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager(NAME).withForce(true).build(), update);
        } catch (KubernetesClientException e) {
            LOG.warnf("could not write the status: %s", e.getMessage());
        }
    }

    private WekaCluster statusOnly(Context<WekaCluster> context, WekaCluster cluster, StatusAggregator status) {
        WekaCluster update = new WekaCluster();
        update.setMetadata(new ObjectMetaBuilder().withName(cluster.getMetadata().getName())
                .withNamespace(cluster.getMetadata().getNamespace()).build());
        update.setStatus(status.build());
        Phase phase = update.getStatus().phase;
        phases.record(cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(), phase);
        status.turnedTroubled().ifPresent(cause -> {
            LOG.warn(ClusterEvents.troubleMessage(phase, cause));
            events.turnedTroubled(context.getClient(), cluster, phase, cause);
        });
        return update;
    }
}
