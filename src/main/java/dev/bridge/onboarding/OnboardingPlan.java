package dev.bridge.onboarding;

import dev.bridge.links.ContactValues;
import dev.bridge.mapping.Onboarding;
import dev.bridge.mapping.Template;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.Variable;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Which onboarding tasks a contact event calls for (kamelet bridge-onboarding-tasks-action): the mapping's template
 * tasks filled in with the contact's fields, each with its once-key {@code onboarding:<contactId>:<n>}, so that a
 * contact gets each task once whichever trigger fires and however often.
 */
public final class OnboardingPlan {

    /** Trigger: a ContactCreate event. */
    public static final String CONTACT_CREATED = "contactCreated";
    /** Trigger: a ContactTagUpdate event, with the tag change in variable {@code tagChanges}. */
    public static final String TAG_ADDED = "tagAdded";
    private static final String HOLE = "\u0001";

    private final Supplier<Onboarding> onboarding;
    private final String appUrl;

    public OnboardingPlan(Supplier<Onboarding> onboarding, String appUrl) {
        this.onboarding = onboarding;
        this.appUrl = appUrl;
    }

    /**
     * The tasks to make for the contact in the event, empty when the trigger is off or did not fire. A new contact
     * with a trigger tag is onboarded by its tag as well; on a tag update only a tag added now counts.
     */
    public List<Map<String, Object>> tasks(@Header("BridgeOnboardingTrigger") String trigger, @Body Map<String, Object> contact,
                                           @Variable("tagChanges") Map<String, Object> tagChanges) {
        Onboarding o = onboarding.get();
        boolean due = switch (trigger == null ? "" : trigger) {
            case CONTACT_CREATED -> o.onContactCreated() || anyOf(o.tagsAdded(), contact.get("tags"));
            case TAG_ADDED -> tagChanges != null && anyOf(o.tagsAdded(), tagChanges.get("added"));
            default -> throw new IllegalArgumentException("unknown onboarding trigger '" + trigger + "'; use " + CONTACT_CREATED + " or " + TAG_ADDED);
        };
        if (!due) {
            return List.of();
        }
        String contactId = String.valueOf(contact.get("id"));
        Map<String, Object> values = ContactValues.of(contact, null, null, appUrl);
        // one "now" for the whole plan: the offsets between tasks are exactly the template's
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (Onboarding.Task t : o.tasks()) {
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("key", "onboarding:" + contactId + ":" + t.number());
            task.put("contactId", contactId);
            task.put("title", title(t.title(), values));
            task.put("body", t.body().render(values));
            task.put("dueDate", now.plus(t.due()).toString());
            String assignee = assignee(t.assignee(), contact.get("assignedTo"));
            if (assignee != null) {
                task.put("assignedTo", assignee);
            }
            tasks.add(task);
        }
        return tasks;
    }

    /** The title with the contact's fields; without any of them, the title's own words (HighLevel needs a title). */
    private static String title(Template title, Map<String, Object> values) {
        String text = title.render(values);
        if (!text.isBlank()) {
            return text;
        }
        Map<String, Object> holes = new LinkedHashMap<>(values);
        title.names().forEach(n -> holes.put(n, HOLE));
        return title.render(holes).replace(HOLE, "").replaceAll("\\s+", " ").strip();
    }

    private static String assignee(String assignee, Object owner) {
        if (Onboarding.NOBODY.equals(assignee)) {
            return null;
        }
        if (Onboarding.CONTACT_OWNER.equals(assignee)) {
            return owner == null || owner.toString().isBlank() ? null : owner.toString();
        }
        return assignee;
    }

    private static boolean anyOf(Set<String> wanted, Object tags) {
        if (wanted.isEmpty() || !(tags instanceof List<?> list)) {
            return false;
        }
        return list.stream().anyMatch(t -> t != null && wanted.contains(t.toString().strip().toLowerCase(Locale.ROOT)));
    }
}
