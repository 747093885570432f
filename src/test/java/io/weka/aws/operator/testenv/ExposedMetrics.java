package io.weka.aws.operator.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

/** The metric names of {@code src/test/resources/metrics/exposed.txt}, and the names a Prometheus scrape holds. */
public final class ExposedMetrics {
    private static final Path LIST = Path.of("src", "test", "resources", "metrics", "exposed.txt");

    private ExposedMetrics() {
    }

    public static Set<String> listed() {
        try {
            return Files.readAllLines(LIST).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The series names of a scrape in the Prometheus text format: each sample line up to its labels or value. */
    public static Set<String> scraped(String scrape) {
        return scrape.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toSet());
    }
}
