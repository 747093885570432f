package io.weka.aws.operator.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the module's shell templates, kept as a resource under {@code userdata/} and rendered as Terraform's
 * templatefile renders it: {@code ${name}} becomes its value in one pass (a value holding {@code ${...}} stays as it
 * is), {@code $${} is the escape for a literal {@code ${}, and a variable without a value is an error.
 */
public final class TemplateFile {
    private static final Pattern TOKEN = Pattern.compile("\\$\\$\\{|\\$\\{([a-z_]+)}");

    private TemplateFile() {
    }

    public static String render(String name, Map<String, String> values) {
        return renderText(name, read(name), values);
    }

    /** A template given as text; {@code what} names it in errors. */
    static String renderText(String what, String template, Map<String, String> values) {
        Matcher token = TOKEN.matcher(template);
        StringBuilder out = new StringBuilder();
        while (token.find()) {
            String replacement;
            if (token.group(1) == null) {
                replacement = "${";
            } else {
                replacement = values.get(token.group(1));
                if (replacement == null) {
                    throw new IllegalStateException(what + " variable " + token.group(1) + " has no value");
                }
            }
            token.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        return token.appendTail(out).toString();
    }

    private static String read(String name) {
        try (InputStream in = TemplateFile.class.getResourceAsStream("/userdata/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no template userdata/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
