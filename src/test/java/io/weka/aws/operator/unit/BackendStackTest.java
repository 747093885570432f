package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.BackendStack;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The backend stack's wiring: whatever a resource needs, another one in the stack publishes. */
class BackendStackTest {
    /** Published by the load balancer, which is optional: without it these facts stay absent. */
    private static final Set<Fact<?>> OPTIONAL = Set.of(Facts.ALB_ARN_SUFFIX, Facts.TARGET_GROUP_ARN);

    @Test
    void everyNeededFactHasAProducer() {
        List<AwsResource> resources = BackendStack.graph().order();
        Set<Fact<?>> published = resources.stream().flatMap(r -> r.publishes().stream()).collect(Collectors.toSet());
        Set<Fact<?>> needed = new HashSet<>();
        resources.forEach(r -> needed.addAll(r.needs()));
        needed.removeAll(published);

        assertThat(needed).extracting(Fact::name).isSubsetOf(OPTIONAL.stream().map(Fact::name).toList());
    }

    @Test
    void producersComeBeforeConsumers() {
        List<AwsResource> order = BackendStack.graph().order();
        for (int i = 0; i < order.size(); i++) {
            Set<Fact<?>> needs = order.get(i).needs();
            for (AwsResource later : order.subList(i + 1, order.size())) {
                assertThat(Collections.disjoint(later.publishes(), needs))
                        .as("%s needs a fact %s publishes after it", order.get(i).kind(), later.kind()).isTrue();
            }
        }
    }
}
