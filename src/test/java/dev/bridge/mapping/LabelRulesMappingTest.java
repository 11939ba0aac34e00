package dev.bridge.mapping;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.bridge.support.MappingFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The labelRules section is checked at start-up like the rest of the mapping: one line per problem, with the fix. */
class LabelRulesMappingTest {

    @Test
    void good_rules_are_read_in_order_with_their_actions() throws Exception {
        Path file = write("""
                labelRules:
                  - when: { added: "Ready for QA" }
                    on: task-issues
                    do:
                      - complete-task
                      - add-tag: QA-Ready
                      - remove-tag: in-progress
                      - note: "Hi {{firstName}}: {{issue}} {{url}} {{label}} {{user}} {{contactUrl}} {{custom.industryField01}}"
                  - when: { removed: "Severity::High" }
                    do:
                      - remove-tag: urgent
                """);
        assertEquals(List.of(), Mapping.problems(file));
        List<LabelRules.Rule> rules = Mapping.load(file).labelRules().rules();
        assertEquals(2, rules.size());
        assertEquals(List.of("complete-task", "add-tag", "remove-tag", "note"), rules.get(0).actions().stream().map(LabelRules.Action::name).toList());
        assertEquals("qa-ready", rules.get(0).actions().get(1).value(), "HighLevel tags are lower case");
        assertEquals("Severity::High", rules.get(1).matchIn(List.of(), List.of("severity::high")) == null ? null : rules.get(1).label());
        assertEquals(null, rules.get(1).matchIn(List.of("Severity::High"), List.of()), "a removed-rule does not run on an add");
        assertTrue(rules.get(1).isFor("contact-issue") && rules.get(1).isFor("task"), "on: any is the default");
        assertTrue(!rules.get(0).isFor("contact-issue"));
    }

    @Test
    void every_bad_rule_is_one_line_naming_the_rule_and_the_fix() throws Exception {
        Path file = write("""
                labelRules:
                  - when: { added: "Ready for QA", removed: "Doing" }
                    on: everything
                    do:
                      - pipeline: deploy-qa
                      - add-tag
                      - remove-tag: ""
                      - note: "Hello {{nickname}}"
                      - complete-task: yes
                  - when: { added: "Contact label" }
                    on: contact-issue
                    do:
                      - complete-task
                      - note:
                  - when: { add: "x" }
                    do: complete-task
                    colour: blue
                  - when: { added: "Deploy" }
                    do:
                      - pipeline: deploy-qa
                      - pipeline:
                """);
        List<String> problems = Mapping.problems(file);
        problems.forEach(p -> {
            assertTrue(p.startsWith(file + ": labelRules["), p);
            assertTrue(!p.contains("\n"), p);
        });
        assertHas(problems, "labelRules[0].when needs exactly one of added or removed, with a label's name, such as { added: \"Ready for QA\" }");
        assertHas(problems, "labelRules[0].on 'everything' is not a choice; use task-issues, contact-issue or any (the default)");
        assertHas(problems, "labelRules[3].do[0] 'deploy-qa' is not a trigger in pipelines.triggers; add one named deploy-qa there");
        assertHas(problems, "labelRules[3].do[1] pipeline needs the name of a trigger in pipelines.triggers, such as '- pipeline: provision'");
        assertHas(problems, "labelRules[0].do[1] add-tag needs one HighLevel tag's name, such as '- add-tag: qa-ready'");
        assertHas(problems, "labelRules[0].do[2] remove-tag needs one HighLevel tag's name");
        assertHas(problems, "labelRules[0].do[3].note names {{nickname}}, which is not known; use companyName, contactUrl, email");
        assertHas(problems, "labelRules[0].do[4] complete-task takes no value; write it as '- complete-task'");
        assertHas(problems, "labelRules[1].do[0] complete-task needs a task: a contact's own issue has none; use on: task-issues (or any)");
        assertHas(problems, "labelRules[1].do[1] note needs the note's text");
        assertHas(problems, "labelRules[2].when.add is not known here; use added, removed");
        assertHas(problems, "labelRules[2].do must be a list of one or more actions: complete-task, add-tag, remove-tag, note");
        assertHas(problems, "labelRules[2].colour is not known here; use do, on, when");
        assertEquals(13, problems.size(), String.join("\n", problems));
    }

    @Test
    void the_section_must_be_a_list_and_the_projects_example_is_valid() throws Exception {
        List<String> problems = Mapping.problems(write("labelRules:\n  when: { added: x }\n"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("labelRules must be a list of rules"), problems.get(0));
        // the commented example in config/mapping.yaml, uncommented, is a valid section
        String project = Files.readString(Path.of("config", "mapping.yaml"));
        String example = project.substring(project.indexOf("# labelRules:")).lines().takeWhile(l -> l.startsWith("# ")).map(l -> l.replaceFirst("^# ", "")).reduce("", (a, b) -> a + b + "\n");
        assertEquals(List.of(), Mapping.problems(write(example)), example);
    }

    private static void assertHas(List<String> problems, String text) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(text)), "no problem says: " + text + "\n" + String.join("\n", problems));
    }
}
