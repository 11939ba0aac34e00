package dev.bridge.mapping;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.bridge.support.MappingFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pipelines.triggers section (F11): read as written, and every mistake one line naming the trigger and the fix. */
class PipelineTriggersMappingTest {

    @Test
    void a_trigger_is_read_with_its_tag_in_lower_case_its_project_ref_and_variables() throws Exception {
        Mapping mapping = Mapping.load(write("""
                pipelines:
                  triggers:
                    - name: provision
                      when: { tagAdded: Provision }
                      project: 42
                      ref: main
                      variables: { CUSTOMER_ID: "{{id}}", PLAN: gold }
                    - name: rebuild
                      ref: release
                """));
        PipelineTriggers triggers = mapping.pipelines().triggers();
        PipelineTriggers.Trigger t = triggers.named("provision");
        assertEquals("provision", t.tagAdded());
        assertEquals("42", t.project());
        assertEquals("main", t.ref());
        assertEquals("gold", t.variables().get("PLAN").render(java.util.Map.of()));
        assertEquals(List.of(t), triggers.forAddedTags(List.of("PROVISION", "vip")));
        assertNull(triggers.named("rebuild").tagAdded(), "a trigger without when is fired by name only");
        assertEquals(List.of(), triggers.forAddedTags(List.of("rebuild")));
    }

    @Test
    void every_mistake_is_one_line_naming_the_trigger_and_the_fix() throws Exception {
        Path file = write("""
                pipelines:
                  triggers:
                    - name: Provision Now
                      ref: main
                    - name: deploy
                      when: { tagAdded: "" , labelAdded: x }
                      project: "not a project"
                      variables: { BRIDGE_TRIGGER_ID: x, "1BAD": y, MAIL: "{{mail}}" }
                    - name: deploy
                      ref: main
                """);
        List<String> problems = Mapping.problems(file);
        problems.forEach(p -> assertTrue(p.startsWith(file + ": pipelines.triggers") && !p.contains("\n"), p));
        assertHas(problems, "pipelines.triggers[0].name 'Provision Now' is not a usable name; use lower-case letters, digits and dashes");
        assertHas(problems, "pipelines.triggers 'deploy'.when.labelAdded is not known here; use tagAdded");
        assertHas(problems, "pipelines.triggers 'deploy'.when.tagAdded must name a HighLevel tag");
        assertHas(problems, "pipelines.triggers 'deploy'.project 'not a project' is neither a project id (42) nor a path (group/project)");
        assertHas(problems, "pipelines.triggers 'deploy'.ref is missing; name the branch or tag the pipeline runs on");
        assertHas(problems, "pipelines.triggers 'deploy'.variables.BRIDGE_TRIGGER_ID is the bridge's own variable");
        assertHas(problems, "pipelines.triggers 'deploy'.variables.1BAD is not a CI variable name");
        assertHas(problems, "pipelines.triggers 'deploy'.variables.MAIL names {{mail}}, which is not known");
        assertHas(problems, "pipelines.triggers[2].name 'deploy' is used twice");
        assertEquals(9, problems.size(), String.join("\n", problems));
    }

    private static void assertHas(List<String> problems, String text) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(text)), "no problem contains '" + text + "' in:\n" + String.join("\n", problems));
    }
}
