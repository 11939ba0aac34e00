package bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * What the benchmark sends and waits for, from EVENT: TaskCreate (flow F1: an issue and a GHL task update per
 * webhook, the default) or ContactCreate (flow F6: a GitLab CRM contact per webhook).
 */
enum Mode {

    TASK("TaskCreate", "issue", "/_tasks", "distinctTasks", List.of("distinctTasks", "updatedTasks"), "issuePosts", "duplicates",
            List.of("ghl GET contact", "ghl GET task", "ghl task search", "ghl PUT task", "gitlab POST issue", "gitlab GET search", "other")),
    CONTACT("ContactCreate", "contact", "/_contacts", "distinctContacts", List.of("distinctContacts"), "contactCreates", "contactDuplicates",
            List.of("gitlab graphql search", "gitlab graphql create", "other"));

    /** The webhook's type. */
    final String event;
    /** What each accepted webhook should become once ("issue", "contact"), for the per-unit figures. */
    final String unit;
    /** The stand-ins' list of the keys (task ids, e-mails) that got what they should. */
    final String keysPath;
    /** The stats counter of distinct keys done: the drain's progress and rate. */
    final String distinctKey;
    /** Stats counters that must each reach the accepted count before the drain is complete. */
    final List<String> doneKeys;
    /** The stats counter of creates (duplicates included): the denominator of the upstream calls. */
    final String createdKey;
    final String duplicatesKey;
    /** Request kinds the report always prints; other kinds only when the bridge made them. */
    final List<String> kinds;

    Mode(String event, String unit, String keysPath, String distinctKey, List<String> doneKeys, String createdKey, String duplicatesKey,
         List<String> kinds) {
        this.event = event;
        this.unit = unit;
        this.keysPath = keysPath;
        this.distinctKey = distinctKey;
        this.doneKeys = doneKeys;
        this.createdKey = createdKey;
        this.duplicatesKey = duplicatesKey;
        this.kinds = kinds;
    }

    /** EVENT, TaskCreate when unset; exits 2 with one line for anything else. */
    static Mode fromEnv() {
        String event = System.getenv("EVENT");
        for (Mode m : values()) {
            if (event == null || event.isBlank() ? m == TASK : m.event.equals(event.trim())) {
                return m;
            }
        }
        System.err.println("EVENT=" + event + " is not supported: use TaskCreate (the default) or ContactCreate");
        System.exit(2);
        return null;
    }

    /** Body {@code i} of this run: the template with a unique id, e-mail, phone and webhookId, stamped {@code now}. */
    String body(String template, String run, int i, String now) {
        return template.replace("{{taskId}}", taskId(run, i)).replace("{{contactId}}", "bench" + run + "c" + i)
                .replace("{{email}}", email(run, i)).replace("{{phone}}", String.format("+1555%07d", i))
                .replace("{{webhookId}}", "bench-" + run + "-" + i).replace("{{timestamp}}", now);
    }

    /** What the stand-ins know webhook {@code i} by once it is done: its task id, or its contact's e-mail. */
    String key(String run, int i) {
        return this == TASK ? taskId(run, i) : email(run, i);
    }

    /** No call at all that this flow makes: the bridge is probably not using the stand-ins. */
    boolean noCalls(JsonNode stats) {
        return this == TASK ? stats.path("contactGets").asLong() == 0 && stats.path("issuePosts").asLong() == 0
                : stats.path("contactSearches").asLong() == 0 && stats.path("contactCreates").asLong() == 0;
    }

    private static String taskId(String run, int i) {
        return "bench" + run + "t" + i;
    }

    private static String email(String run, int i) {
        return "bench-" + run + "-" + i + "@example.com";
    }
}
