package io.weka.aws.operator.resources.ec2;

import io.weka.aws.operator.model.ClusterTags;
import io.weka.aws.operator.resources.ClientTokens;
import io.weka.aws.operator.resources.ClusterContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * What the pieces of a {@link CreatedNetwork} share: the module names them with the prefix only, so each is found by
 * our identity tag and its Name tag; each is tagged in the call that creates it, so a crash cannot leave an untagged
 * orphan; and each is then completed (attached, routed, its attributes set) on every pass, so a crash between the
 * create and those calls is repaired by the next pass rather than left half done.
 */
final class NetworkPieces {
    private final ClusterContext context;
    private final Ec2Client ec2;
    private final Ec2Client sentOnce;
    private final String prefix;

    /** A piece as this pass found or created it. */
    record Piece<T>(String id, T observed, boolean created) {
    }

    NetworkPieces(ClusterContext context) {
        this.context = context;
        this.ec2 = context.aws().ec2();
        this.sentOnce = context.aws().sentOnce().ec2();
        this.prefix = context.names().prefix();
    }

    Ec2Client ec2() {
        return ec2;
    }

    /**
     * For the calls EC2 cannot recognise when they come again (a VPC, subnet, internet gateway or address has no
     * client token; an attachment, association or route sent twice is refused): never resent after a lost answer,
     * the next pass finds what the first one made by its tags, or sees it attached.
     */
    Ec2Client sentOnce() {
        return sentOnce;
    }

    /** The module's name of a piece: the prefix and what it is, e.g. "weka-igw". */
    String name(String suffix) {
        return prefix + "-" + suffix;
    }

    /**
     * The piece of this cluster with that Name tag (one describe call, the filters AND-ed), or a new one made by
     * {@code create}, which is reported as created.
     */
    <T> Piece<T> findOrCreate(String kind, String name, Function<List<Filter>, List<T>> describe,
            Function<T, String> id, Supplier<T> create) {
        Optional<T> found = describe.apply(identity(name)).stream().findFirst();
        if (found.isPresent()) {
            return new Piece<>(id.apply(found.get()), found.get(), false);
        }
        T made = create.get();
        context.created(kind, id.apply(made));
        return new Piece<>(id.apply(made), made, true);
    }

    /** The filters that find this cluster's piece with that Name tag (AND-ed). */
    List<Filter> identity(String name) {
        return List.of(filter("tag:" + ClusterTags.CLUSTER_UID, context.cluster().getMetadata().getUid()),
                filter("tag:Name", name));
    }

    /**
     * Runs a call that completes a piece. On a piece found rather than created it is a repair (a crash or a failed
     * call cut an earlier pass short, or someone changed it), reported as an update.
     */
    void complete(String kind, Piece<?> piece, String detail, Runnable call) {
        call.run();
        if (!piece.created()) {
            context.updated(kind, piece.id(), detail);
        }
    }

    /** The piece's tags: the cluster's, its Name and the module's Environment, plus {@code extra}. */
    TagSpecification tags(ResourceType type, String name, Map<String, String> extra) {
        Map<String, String> tags = new LinkedHashMap<>(Map.of("Name", name, "Environment", prefix));
        tags.putAll(extra);
        return Ec2Tags.spec(type, context.tags().with(tags));
    }

    /**
     * The client token of a piece's create, where EC2 has them (the NAT gateway): a dead predecessor, still visible
     * for a while, makes a create of the same piece a new intent.
     */
    String clientToken(String piece, int predecessors) {
        return ClientTokens.of(context, "network", piece, Integer.toString(predecessors));
    }

    static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }
}
