package dev.bridge.mapping;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the {@code onboarding} section of the mapping file (flow F9). */
final class OnboardingReader {

    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Duration DEFAULT_DUE = Duration.ofDays(1);

    private OnboardingReader() {
    }

    static Onboarding read(Map<String, Object> section, Entries in) {
        in.onlyKeys(section, Set.of("when", "tasks"), "onboarding.");
        Map<String, Object> when = in.map(section.get("when"), "onboarding.when");
        in.onlyKeys(when, Set.of("contactCreated", "tagAdded"), "onboarding.when.");
        Object created = when.getOrDefault("contactCreated", false);
        if (!(created instanceof Boolean)) {
            in.problem("onboarding.when.contactCreated", "'" + created + "' is not true or false; write true to onboard every new contact");
        }
        Set<String> tags = new LinkedHashSet<>();
        in.strings(when.get("tagAdded"), "onboarding.when.tagAdded").forEach(t -> tags.add(t.toLowerCase(Locale.ROOT)));
        if (!Boolean.TRUE.equals(created) && tags.isEmpty()) {
            in.problem("onboarding.when", "names no trigger; write contactCreated: true, or tagAdded: [a HighLevel tag], or both");
        }
        List<Onboarding.Task> tasks = tasks(section.get("tasks"), in);
        return new Onboarding(Boolean.TRUE.equals(created), tags, tasks);
    }

    private static List<Onboarding.Task> tasks(Object value, Entries in) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            in.problem("onboarding.tasks", (value == null ? "is missing" : "must be a list") + "; list the tasks a contact gets, each with at least a title");
            return List.of();
        }
        List<Onboarding.Task> tasks = new ArrayList<>();
        Map<String, Integer> titles = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            int number = i + 1;
            String entry = "onboarding.tasks[" + number + "]";
            Map<String, Object> spec = in.map(list.get(i), entry);
            in.onlyKeys(spec, Set.of("title", "body", "due", "assignee"), entry + ".");
            Template title = title(spec.get("title"), entry + ".title", in);
            Integer same = titles.putIfAbsent(String.valueOf(spec.get("title")).strip().toLowerCase(Locale.ROOT), number);
            if (same != null && spec.get("title") != null) {
                in.problem(entry + ".title", "is the title of tasks[" + same + "] too; give each task its own title (a retry finds a task it made by it)");
            }
            Template body = in.template(spec.get("body"), entry + ".body", TaskMapping.CONTACT_FIELDS);
            tasks.add(new Onboarding.Task(number, title, body, in.offset(spec.get("due"), entry + ".due", DEFAULT_DUE), assignee(spec.get("assignee"), entry + ".assignee", in)));
        }
        return tasks;
    }

    private static Template title(Object value, String entry, Entries in) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            in.problem(entry, "is missing; give the task a title, such as 'Welcome call with {{firstName}}'");
            return new Template("");
        }
        Template title = in.template(value, entry, TaskMapping.CONTACT_FIELDS);
        if (!title.isOneLine()) {
            in.problem(entry, "must be one line");
        } else if (value instanceof String s && s.replaceAll("\\{\\{[^}]*}}", "").isBlank()) {
            in.problem(entry, "needs words of its own besides {{...}}, such as 'Welcome call with {{firstName}}' (a contact without the field still gets a title)");
        }
        return title;
    }

    private static String assignee(Object value, String entry, Entries in) {
        if (value == null) {
            return Onboarding.CONTACT_OWNER;
        }
        String s = value.toString().strip();
        if (s.equals(Onboarding.CONTACT_OWNER) || s.equals(Onboarding.NOBODY) || USER_ID.matcher(s).matches()) {
            return s;
        }
        in.problem(entry, "'" + value + "' is not a choice; write contact-owner (the contact's assignedTo), none, or a HighLevel user id such as 63e4qiWDsFJjOYAC8phG");
        return Onboarding.NOBODY;
    }
}
