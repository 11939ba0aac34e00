package dev.bridge.mapping;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.bridge.support.MappingFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tags section (F8): each rule pairs one tag with one label; each problem is one line naming the rule and the fix. */
class TagRulesMappingTest {

    @Test
    void rules_pair_tags_without_regard_to_case_and_labels_exactly_each_only_its_way() throws Exception {
        Mapping mapping = Mapping.load(write("""
                tags:
                  - { tag: VIP, label: "customer::vip" }
                  - { tag: churn-risk, label: "risk::churn", direction: to-gitlab }
                  - { tag: partner, label: "customer::partner", direction: to-ghl }
                """));
        TagRules rules = mapping.tags();
        assertEquals(3, rules.rules().size());
        assertEquals("customer::vip", rules.labelOf("vip"));
        assertEquals("customer::vip", rules.labelOf("Vip"));
        assertEquals("vip", rules.tagOf("customer::vip"));
        assertNull(rules.tagOf("Customer::VIP"), "labels are compared exactly");
        assertEquals("risk::churn", rules.labelOf("churn-risk"));
        assertNull(rules.tagOf("risk::churn"), "to-gitlab: a label change tags nothing");
        assertEquals("partner", rules.tagOf("customer::partner"));
        assertNull(rules.labelOf("partner"), "to-ghl: a tag change labels nothing");
        assertNull(rules.labelOf("newsletter"));
    }

    @Test
    void no_section_and_an_empty_list_mean_no_rules() throws Exception {
        assertEquals(List.of(), Mapping.load(write("tasks: {}\n")).tags().rules());
        assertEquals(List.of(), Mapping.load(write("tags: []\n")).tags().rules());
    }

    @Test
    void every_problem_of_the_tags_section_is_one_line_that_names_the_rule_and_the_fix() throws Exception {
        Path file = write("""
                tags:
                  - { tag: vip, label: "customer::vip" }
                  - { label: "risk::churn" }
                  - { tag: 2024, label: "" }
                  - { tag: "a,b", label: "x,y" }
                  - { tag: VIP, label: "customer::gold" }
                  - { tag: gold, label: "customer::vip" }
                  - { tag: lead, label: lead, direction: sideways }
                  - { tag: lead2, label: lead2, direction: on-create }
                  - { tag: beta, label: beta, colour: blue }
                  - vip
                """);
        List<String> problems = Mapping.problems(file);
        assertEquals(11, problems.size(), String.join("\n", problems));
        problems.forEach(p -> {
            assertTrue(p.startsWith(file + ": tags["), p);
            assertTrue(!p.contains("\n"), p);
        });
        assertHas(problems, "tags[2].tag is missing; name the HighLevel tag, such as vip");
        assertHas(problems, "tags[3].tag must be text; name the HighLevel tag, such as vip (quote a name that looks like a number or true/false)");
        assertHas(problems, "tags[3].label is missing; name the GitLab label, such as \"customer::vip\"");
        assertHas(problems, "tags[4].tag 'a,b' holds a comma; name one, without commas");
        assertHas(problems, "tags[4].label 'x,y' holds a comma");
        assertHas(problems, "tags[5].tag 'vip' is in tags[1] already; pair each tag with one label");
        assertHas(problems, "tags[6].label 'customer::vip' is in tags[1] already; pair each label with one tag");
        assertHas(problems, "tags[7].direction 'sideways' is not a direction here; use one of both, to-gitlab, to-ghl");
        assertHas(problems, "tags[8].direction 'on-create' is not a direction here");
        assertHas(problems, "tags[9].colour is not known here; use direction, label, tag");
        assertHas(problems, "tags[10] must be a rule, such as { tag: vip, label: \"customer::vip\" }");
    }

    @Test
    void a_section_that_is_not_a_list_says_what_it_should_be() throws Exception {
        Path file = write("tags:\n  vip: customer::vip\n");
        List<String> problems = Mapping.problems(file);
        assertEquals(List.of(file + ": tags must be a list of rules, such as - { tag: vip, label: \"customer::vip\" }"), problems);
    }

    private static void assertHas(List<String> problems, String text) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(text)), "no problem says: " + text + "\n" + String.join("\n", problems));
    }
}
