package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Mistakes in README.md and docs/ that a reader trips over and no other test would see. */
class DocsTest {
    private static final Pattern ITEM = Pattern.compile("^(\\d+)\\. ");

    @Test
    void numberedListsCountOneTwoThree() throws IOException {
        for (Path doc : docs()) {
            assertThat(misnumbered(Files.readAllLines(doc))).as(doc.toString()).isEmpty();
        }
    }

    @Test
    void helmUpgradesDoNotReuseValuesThatMissTheNewChartsDefaults() throws IOException {
        for (Path doc : docs()) {
            assertThat(Files.readAllLines(doc)).as(doc.toString())
                    .noneMatch(l -> l.contains("helm upgrade") && l.contains("--reuse-values"));
        }
        assertThat(Files.readString(Path.of("docs", "operations.md"))).contains("--reset-then-reuse-values");
    }

    /** Items of a top-level ordered list whose number is not the one before plus one. */
    static List<String> misnumbered(List<String> lines) {
        List<String> wrong = new ArrayList<>();
        int expected = 1;
        boolean inCode = false;
        boolean previousBlank = false;
        for (String line : lines) {
            if (line.startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            Matcher item = ITEM.matcher(line);
            if (inCode) {
                continue;
            }
            if (item.find()) {
                if (Integer.parseInt(item.group(1)) != expected) {
                    wrong.add(line);
                }
                expected = Integer.parseInt(item.group(1)) + 1;
            } else if (previousBlank && !line.isBlank() && !line.startsWith(" ")) {
                expected = 1;  // a paragraph at the margin ends the list
            }
            previousBlank = line.isBlank();
        }
        return wrong;
    }

    @Test
    void theCheckSeesAListThatSkipsANumber() {
        assertThat(misnumbered(List.of("1. install", "   more about it", "3. apply", "", "Text.", "", "1. again")))
                .containsExactly("3. apply");
    }

    private static List<Path> docs() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("docs"))) {
            return Stream.concat(Stream.of(Path.of("README.md")), files.filter(f -> f.toString().endsWith(".md")))
                    .toList();
        }
    }
}
