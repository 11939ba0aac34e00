package dev.bridge.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The mapping file's {@code people} section: which HighLevel user is which GitLab user (a task's assignedTo and its
 * issue's assignee). Tried in the order of {@code match}: the explicit {@code table}, then equal e-mail addresses;
 * {@code default} names who stands in when nobody matches (each side optional).
 */
public final class People {

    /** The ways of matching, as the file spells them. */
    public enum Match { TABLE, EMAIL }

    /** One table entry: a HighLevel user id and a GitLab username. */
    public record Pair(String ghl, String gitlab) {
        /** How the entry is named in log lines and health: as it is written in the file. */
        public String entry() {
            return "people.table entry { ghl: " + ghl + ", gitlab: " + gitlab + " }";
        }
    }

    private static final People NONE = new People(List.of(Match.TABLE, Match.EMAIL), List.of(), null, null);
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}");

    private final List<Match> match;
    private final List<Pair> table;
    private final String defaultGitlab;
    private final String defaultGhl;

    private People(List<Match> match, List<Pair> table, String defaultGitlab, String defaultGhl) {
        this.match = match;
        this.table = table;
        this.defaultGitlab = defaultGitlab;
        this.defaultGhl = defaultGhl;
    }

    /** The section as none were written: match by table (empty), then e-mail; no default. */
    public static People none() {
        return NONE;
    }

    public List<Match> match() {
        return match;
    }

    public List<Pair> table() {
        return table;
    }

    /** The table entry of a HighLevel user, or null. */
    public Pair byGhl(String ghlUserId) {
        return table.stream().filter(p -> p.ghl().equals(ghlUserId)).findFirst().orElse(null);
    }

    /** The table entry of a GitLab username (GitLab usernames ignore case), or null. */
    public Pair byGitlab(String username) {
        return username == null ? null : table.stream().filter(p -> p.gitlab().equalsIgnoreCase(username)).findFirst().orElse(null);
    }

    /** The GitLab username that stands in when nobody matches, or null. */
    public String defaultGitlab() {
        return defaultGitlab;
    }

    /** The HighLevel user id that stands in when nobody matches, or null. */
    public String defaultGhl() {
        return defaultGhl;
    }

    /** Reads and checks the section (null when the file has none); problems go to {@code in}, one line each. */
    static People read(Object section, Entries in) {
        if (section == null) {
            return NONE;
        }
        Map<String, Object> map = in.map(section, "people");
        in.onlyKeys(map, Set.of("match", "table", "default"), "people.");
        List<Match> match = match(map.get("match"), in);
        List<Pair> table = table(map.get("table"), in);
        Map<String, Object> fallback = in.map(map.get("default"), "people.default");
        in.onlyKeys(fallback, Set.of("gitlab", "ghl"), "people.default.");
        String gitlab = text(fallback.get("gitlab"), "people.default.gitlab", in);
        if (gitlab != null && !USERNAME.matcher(gitlab).matches()) {
            in.problem("people.default.gitlab", "'" + gitlab + "' is not a GitLab username; write the username (such as triage-bot), not an e-mail or a name");
        }
        return new People(match, table, gitlab, text(fallback.get("ghl"), "people.default.ghl", in));
    }

    private static List<Match> match(Object value, Entries in) {
        if (value == null) {
            return NONE.match;
        }
        List<Match> match = new ArrayList<>();
        if (value instanceof List<?> list && !list.isEmpty()) {
            for (Object o : list) {
                Match m = "table".equals(o) ? Match.TABLE : "email".equals(o) ? Match.EMAIL : null;
                if (m == null || match.contains(m)) {
                    in.problem("people.match", "'" + o + "' is " + (m == null ? "not a way of matching" : "named twice") + "; use table, email or both, such as [table, email]");
                } else {
                    match.add(m);
                }
            }
            return match;
        }
        in.problem("people.match", "must be a list of the ways to try, in order, such as [table, email]");
        return match;
    }

    private static List<Pair> table(Object value, Entries in) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            in.problem("people.table", "must be a list of entries such as { ghl: \"<HighLevel user id>\", gitlab: <GitLab username> }");
            return List.of();
        }
        Map<String, Pair> byGhl = new LinkedHashMap<>();
        Map<String, Pair> byGitlab = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String entry = "people.table[" + (i + 1) + "]";
            Map<String, Object> spec = in.map(list.get(i), entry);
            in.onlyKeys(spec, Set.of("ghl", "gitlab"), entry + ".");
            String ghl = text(spec.get("ghl"), entry + ".ghl", in);
            String gitlab = text(spec.get("gitlab"), entry + ".gitlab", in);
            if (ghl == null || gitlab == null) {
                if (spec.get("ghl") == null || spec.get("gitlab") == null) {
                    in.problem(entry, "needs both ghl (the HighLevel user id) and gitlab (the GitLab username)");
                }
                continue;
            }
            if (!USERNAME.matcher(gitlab).matches()) {
                in.problem(entry + ".gitlab", "'" + gitlab + "' is not a GitLab username; write the username (such as jdoe), not an e-mail or a name");
                continue;
            }
            Pair pair = new Pair(ghl, gitlab);
            if (byGhl.putIfAbsent(ghl, pair) != null) {
                in.problem(entry + ".ghl", "'" + ghl + "' is in the table twice; keep one entry per HighLevel user");
            }
            if (byGitlab.putIfAbsent(gitlab.toLowerCase(Locale.ROOT), pair) != null) {
                in.problem(entry + ".gitlab", "'" + gitlab + "' is in the table twice; keep one entry per GitLab user, or the way back is ambiguous");
            }
        }
        return List.copyOf(byGhl.values());
    }

    private static String text(Object value, String entry, Entries in) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s) || s.isBlank()) {
            in.problem(entry, "must be text (quote a HighLevel id: \"UkXj2ZfQsxbIpCM0M1Kb\")");
            return null;
        }
        return s.strip();
    }
}
