package dev.bridge.mapping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The mapping file's {@code tags} section (flow F8): which HighLevel tag pairs with which GitLab label, and which way
 * their changes travel. Each tag and each label is in one rule at most. Tags are compared without regard to case
 * (HighLevel's tags reach the flows in lower case); labels exactly, as GitLab names them.
 */
public final class TagRules {

    /** One pair; {@code tag} in lower case. */
    public record Rule(String tag, String label, Direction direction) {
    }

    private static final TagRules NONE = new TagRules(List.of());
    private static final Set<String> KEYS = Set.of("tag", "label", "direction");
    private static final List<Direction> DIRECTIONS = List.of(Direction.BOTH, Direction.TO_GITLAB, Direction.TO_GHL);
    private static final String EXAMPLE = "{ tag: vip, label: \"customer::vip\" }";

    private final List<Rule> rules;

    private TagRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The section as none were written. */
    public static TagRules none() {
        return NONE;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The label a tag's changes put on issues, or null when no rule takes the tag to GitLab. */
    public String labelOf(String tag) {
        String t = tag == null ? null : tag.strip().toLowerCase(Locale.ROOT);
        return rules.stream().filter(r -> r.direction().toGitLab() && r.tag().equals(t)).map(Rule::label).findFirst().orElse(null);
    }

    /** The tag a label's changes put on the contact, or null when no rule takes the label to HighLevel. */
    public String tagOf(String label) {
        return rules.stream().filter(r -> r.direction().toGhl() && r.label().equals(label)).map(Rule::tag).findFirst().orElse(null);
    }

    /** Reads and checks the section (null when the file has none); problems go to {@code in}, one line each. */
    static TagRules read(Object section, Entries in) {
        if (section == null) {
            return NONE;
        }
        if (!(section instanceof List<?> list)) {
            in.problem("tags", "must be a list of rules, such as - " + EXAMPLE);
            return NONE;
        }
        List<Rule> rules = new ArrayList<>();
        Map<String, String> tags = new HashMap<>();
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String entry = "tags[" + (i + 1) + "]";
            if (!(list.get(i) instanceof Map<?, ?>)) {
                in.problem(entry, "must be a rule, such as " + EXAMPLE);
                continue;
            }
            Map<String, Object> spec = in.map(list.get(i), entry);
            in.onlyKeys(spec, KEYS, entry + ".");
            String tag = name(spec.get("tag"), entry + ".tag", "the HighLevel tag, such as vip", in);
            String label = name(spec.get("label"), entry + ".label", "the GitLab label, such as \"customer::vip\"", in);
            Direction direction = direction(spec.get("direction"), entry + ".direction", in);
            if (tag != null) {
                tag = tag.toLowerCase(Locale.ROOT);
                unique(tags, tag, entry, "tag", "pair each tag with one label", in);
            }
            if (label != null) {
                unique(labels, label, entry, "label", "pair each label with one tag", in);
            }
            if (tag != null && label != null && direction != null) {
                rules.add(new Rule(tag, label, direction));
            }
        }
        return new TagRules(rules);
    }

    private static String name(Object value, String entry, String what, Entries in) {
        if (value == null || value instanceof String blank && blank.isBlank()) {
            in.problem(entry, "is missing; name " + what);
            return null;
        }
        if (!(value instanceof String s)) {
            in.problem(entry, "must be text; name " + what + " (quote a name that looks like a number or true/false)");
            return null;
        }
        if (s.contains(",")) {
            in.problem(entry, "'" + s + "' holds a comma; name one, without commas (one rule per pair)");
            return null;
        }
        return s.strip();
    }

    private static Direction direction(Object value, String entry, Entries in) {
        if (value == null) {
            return Direction.BOTH;
        }
        Direction d = Direction.of(String.valueOf(value));
        if (d == null || !DIRECTIONS.contains(d)) {
            in.problem(entry, "'" + value + "' is not a direction here; use one of both, to-gitlab, to-ghl (or leave it out: both)");
            return null;
        }
        return d;
    }

    private static void unique(Map<String, String> seen, String name, String entry, String what, String fix, Entries in) {
        String first = seen.putIfAbsent(name, entry);
        if (first != null) {
            in.problem(entry + "." + what, "'" + name + "' is in " + first + " already; " + fix);
        }
    }
}
