package io.weka.aws.operator.apiserver;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL query (or a Grafana {@code label_values(metric, label)} variable) reads: what is left
 * of its identifiers once strings, label matchers, ranges, grouping labels, function calls and keywords are gone.
 */
final class PromQl {
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,[^)]*\\)");
    /** Possessive, so that a function's name is never matched by a shorter prefix of it. */
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![a-zA-Z0-9_:$.])[a-zA-Z_:][a-zA-Z0-9_:]*+(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "Inf", "NaN", "inf", "nan");

    private PromQl() {
    }

    static Set<String> metricNames(String query) {
        String rest = LABEL_VALUES.matcher(query).replaceAll("$1");
        for (Pattern noise : new Pattern[] {STRING, MATCHERS, RANGE, GROUPING}) {
            rest = noise.matcher(rest).replaceAll(" ");
        }
        Set<String> names = new LinkedHashSet<>();
        Matcher identifiers = IDENTIFIER.matcher(rest);
        while (identifiers.find()) {
            if (!KEYWORDS.contains(identifiers.group())) {
                names.add(identifiers.group());
            }
        }
        return names;
    }
}
