package dev.bridge.mapping;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text from the mapping file with {@code {{name}}} placeholders. A missing value leaves no litter: a word whose
 * placeholders are all empty is left out, a separator ({@code ·}, {@code |}, {@code -}, {@code ,}) left dangling goes
 * with it, and a line whose placeholders are all empty is left out.
 */
public final class Template {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z][A-Za-z0-9_.]*)\\s*}}");
    private static final Set<String> SEPARATORS = Set.of("·", "|", "-", ",", "–");

    private final String text;

    public Template(String text) {
        this.text = text == null ? "" : text.strip();
    }

    public boolean isEmpty() {
        return text.isEmpty();
    }

    public boolean isOneLine() {
        return !text.contains("\n");
    }

    /** The placeholder names, in order of appearance. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The first line, when it holds no placeholder: the heading by which the bridge finds what it wrote. */
    public String fixedFirstLine() {
        String first = text.lines().findFirst().orElse("");
        return PLACEHOLDER.matcher(first).find() ? "" : first.strip();
    }

    /** The literal text before the first placeholder, trimmed: the label by which the bridge finds its line. */
    public String labelBefore(String name) {
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                String before = text.substring(0, m.start());
                int newline = before.lastIndexOf('\n');
                return before.substring(newline + 1).strip();
            }
        }
        return "";
    }

    public String render(Map<String, ?> values) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (!PLACEHOLDER.matcher(line).find()) {
                lines.add(line);
                continue;
            }
            List<String> words = new ArrayList<>();
            boolean anyValue = false;
            for (String word : line.split(" ")) {
                Matcher m = PLACEHOLDER.matcher(word);
                if (!m.find()) {
                    words.add(word);
                    continue;
                }
                String filled = fill(word, values);
                if (hasValue(word, values)) {
                    anyValue = true;
                    words.add(filled);
                }
            }
            if (anyValue) {
                lines.add(String.join(" ", dropDanglingSeparators(words)));
            }
        }
        return String.join("\n", lines).strip();
    }

    private static boolean hasValue(String word, Map<String, ?> values) {
        Matcher m = PLACEHOLDER.matcher(word);
        while (m.find()) {
            Object v = values.get(m.group(1));
            if (v != null && !v.toString().isBlank()) {
                return true;
            }
        }
        return false;
    }

    private static String fill(String text, Map<String, ?> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Object v = values.get(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? "" : v.toString().strip()));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static List<String> dropDanglingSeparators(List<String> words) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            boolean separator = SEPARATORS.contains(w);
            if (separator && (out.isEmpty() || SEPARATORS.contains(out.get(out.size() - 1)))) {
                continue;
            }
            out.add(w);
        }
        while (!out.isEmpty() && SEPARATORS.contains(out.get(out.size() - 1))) {
            out.remove(out.size() - 1);
        }
        return out;
    }
}
