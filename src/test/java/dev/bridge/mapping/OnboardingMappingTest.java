package dev.bridge.mapping;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static dev.bridge.support.MappingFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The onboarding section (F9) is checked whole: each problem is one line naming the entry and the fix. */
class OnboardingMappingTest {

    private static void assertHas(List<String> problems, String text) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(text)), "no problem says: " + text + "\n" + String.join("\n", problems));
    }

    @Test
    void a_good_section_is_read_with_its_triggers_offsets_and_assignees() throws Exception {
        Mapping mapping = Mapping.load(write("""
                onboarding:
                  when: { contactCreated: true, tagAdded: [Onboard, vip] }
                  tasks:
                    - title: "Welcome call with {{firstName}}"
                      body: "Call {{name}} on {{phone}} about {{companyName}} ({{custom.industryField01}})."
                      due: 2d
                      assignee: contact-owner
                    - title: Kick-off
                      due: 30m
                      assignee: 63e4qiWDsFJjOYAC8phG
                    - title: Send the welcome pack
                      due: 1w
                      assignee: none
                    - title: Check in
                """));
        Onboarding o = mapping.onboarding();
        assertTrue(o.onContactCreated());
        assertEquals(Set.of("onboard", "vip"), o.tagsAdded());
        assertEquals(4, o.tasks().size());
        assertEquals(List.of(Duration.ofDays(2), Duration.ofMinutes(30), Duration.ofDays(7), Duration.ofDays(1)),
                o.tasks().stream().map(Onboarding.Task::due).toList());
        assertEquals(List.of("contact-owner", "63e4qiWDsFJjOYAC8phG", "none", "contact-owner"),
                o.tasks().stream().map(Onboarding.Task::assignee).toList());
        assertEquals(List.of(1, 2, 3, 4), o.tasks().stream().map(Onboarding.Task::number).toList());
    }

    @Test
    void without_the_section_nobody_is_onboarded() throws Exception {
        Onboarding o = Mapping.load(write("tasks: {}\n")).onboarding();
        assertFalse(o.onContactCreated());
        assertEquals(Set.of(), o.tagsAdded());
        assertEquals(List.of(), o.tasks());
    }

    @Test
    void every_problem_of_a_bad_template_is_one_line_that_names_the_entry_and_the_fix() throws Exception {
        Path file = write("""
                onboarding:
                  when: { contactCreated: yes please, tagAdded: onboard, colour: blue }
                  tasks:
                    - body: "Call {{name}}"
                    - title: "Welcome call with {{nickname}}"
                      body: "Call {{name}} on {{mobile}}"
                      due: soon
                      assignee: Jane Doe
                    - title: "{{firstName}} {{lastName}}"
                      due: 2 days
                    - title: "welcome CALL with {{nickname}}"
                    - title: "Two\\nlines"
                      priority: high
                """);
        List<String> problems = Mapping.problems(file);
        problems.forEach(p -> {
            assertTrue(p.startsWith(file + ": onboarding."), p);
            assertFalse(p.contains("\n"), p);
        });
        assertHas(problems, "onboarding.when.contactCreated 'yes please' is not true or false; write true to onboard every new contact");
        assertHas(problems, "onboarding.when.tagAdded must be a list of names without commas, such as [highlevel, support]");
        assertHas(problems, "onboarding.when.colour is not known here; use contactCreated, tagAdded");
        assertHas(problems, "onboarding.when names no trigger; write contactCreated: true, or tagAdded: [a HighLevel tag], or both");
        assertHas(problems, "onboarding.tasks[1].title is missing; give the task a title, such as 'Welcome call with {{firstName}}'");
        assertHas(problems, "onboarding.tasks[2].title names {{nickname}}, which is not known; use companyName, email, firstName");
        assertHas(problems, "onboarding.tasks[2].body names {{mobile}}, which is not known; use companyName");
        assertHas(problems, "onboarding.tasks[2].due 'soon' is not an offset; write a number and a unit: 30m, 4h, 2d or 1w");
        assertHas(problems, "onboarding.tasks[2].assignee 'Jane Doe' is not a choice; write contact-owner (the contact's assignedTo), none, or a HighLevel user id");
        assertHas(problems, "onboarding.tasks[3].title needs words of its own besides {{...}}");
        assertHas(problems, "onboarding.tasks[3].due '2 days' is not an offset");
        assertHas(problems, "onboarding.tasks[4].title is the title of tasks[2] too; give each task its own title");
        assertHas(problems, "onboarding.tasks[5].title must be one line");
        assertHas(problems, "onboarding.tasks[5].priority is not known here; use assignee, body, due, title");
        assertEquals(15, problems.size(), String.join("\n", problems));
    }

    @Test
    void a_section_without_tasks_says_to_list_them() throws Exception {
        List<String> problems = Mapping.problems(write("onboarding:\n  when: { contactCreated: true }\n"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).endsWith("onboarding.tasks is missing; list the tasks a contact gets, each with at least a title"), problems.get(0));
    }
}
