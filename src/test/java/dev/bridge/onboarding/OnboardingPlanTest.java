package dev.bridge.onboarding;

import dev.bridge.mapping.Mapping;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which trigger fires when onboarding is by tag only: a new contact with the tag, or the tag added later. */
class OnboardingPlanTest {

    private static OnboardingPlan plan(String section) throws Exception {
        Path file = Files.createDirectories(Path.of("target", "mapping", UUID.randomUUID().toString())).resolve("mapping.yaml");
        Files.writeString(file, section);
        return new OnboardingPlan(Mapping.load(file)::onboarding, "https://app.gohighlevel.com");
    }

    private static Map<String, Object> contact(String... tags) {
        return Map.of("id", "planContact000000001", "firstName", "Ann", "lastName", "Lee", "tags", List.of(tags));
    }

    @Test
    void by_tag_only_a_new_contact_with_the_tag_or_a_tag_added_now_is_onboarded() throws Exception {
        OnboardingPlan plan = plan("""
                onboarding:
                  when: { tagAdded: [Onboard] }
                  tasks:
                    - title: "Welcome call with {{firstName}}"
                """);
        assertEquals(List.of(), plan.tasks(OnboardingPlan.CONTACT_CREATED, contact("vip"), null));
        List<Map<String, Object>> tasks = plan.tasks(OnboardingPlan.CONTACT_CREATED, contact("VIP", "onboard"), null);
        assertEquals(1, tasks.size());
        assertEquals("onboarding:planContact000000001:1", tasks.get(0).get("key"));
        assertEquals("Welcome call with Ann", tasks.get(0).get("title"));

        // on a tag update only a tag added by it counts, not one the contact had before
        assertEquals(List.of(), plan.tasks(OnboardingPlan.TAG_ADDED, contact("vip", "onboard"), Map.of("added", List.of("vip"), "removed", List.of())));
        assertEquals(1, plan.tasks(OnboardingPlan.TAG_ADDED, contact("vip", "onboard"), Map.of("added", List.of("onboard"), "removed", List.of())).size());
        assertThrows(IllegalArgumentException.class, () -> plan.tasks("sometimes", contact(), null));
    }

    @Test
    void without_the_section_no_event_calls_for_tasks() throws Exception {
        OnboardingPlan plan = plan("tasks: {}\n");
        assertEquals(List.of(), plan.tasks(OnboardingPlan.CONTACT_CREATED, contact("onboard"), null));
        assertEquals(List.of(), plan.tasks(OnboardingPlan.TAG_ADDED, contact("onboard"), Map.of("added", List.of("onboard"))));
    }
}
