package dev.bridge.links;

import dev.bridge.mapping.LabelRules;
import dev.bridge.mapping.Mapping;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.bridge.support.MappingFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** A note rule's once-key does not depend on where its rule stands or on the note's text: changing either while an event retries writes no second note. */
class LabelRuleNoteKeyTest {

    private static final String QA = """
              - when: { added: "Ready for QA" }
                do:
                  - note: "{{issue}} is ready for QA: {{url}}"
            """;
    private static final String SHIPPED = """
              - when: { added: "Shipped" }
                do:
                  - add-tag: shipped
                  - note: "{{issue}} has shipped: {{url}}"
            """;

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> actions(String rules, List<String> added) throws Exception {
        LabelRules labelRules = Mapping.load(write("labelRules:\n" + rules)).labelRules();
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setVariable("link", Map.of("kind", "task", "contactId", "noteKeyContact000001"));
        exchange.setVariable("labels", Map.of("added", added, "removed", List.of()));
        return (List<Map<String, Object>>) new LabelRuleSteps(() -> labelRules, "https://app.example.com")
                .step("actions", "gitlab:delivery-1", exchange);
    }

    private static Object noteKey(List<Map<String, Object>> actions, String label) {
        return actions.stream().filter(a -> a.get("action").equals("note") && a.get("label").equals(label)).findFirst().orElseThrow().get("key");
    }

    @Test
    void the_same_note_rule_in_another_place_has_the_same_key() throws Exception {
        List<String> added = List.of("Ready for QA", "Shipped");
        List<Map<String, Object>> before = actions(QA + SHIPPED, added);
        List<Map<String, Object>> after = actions(SHIPPED + QA, added);
        assertEquals(noteKey(before, "Shipped"), noteKey(after, "Shipped"));
        assertEquals(noteKey(before, "Ready for QA"), noteKey(after, "Ready for QA"));
        assertNotEquals(noteKey(before, "Shipped"), noteKey(before, "Ready for QA"), "two notes of one event have two keys");
    }

    @Test
    void a_note_edited_while_its_event_retries_keeps_its_key_and_a_second_note_of_the_rule_has_another() throws Exception {
        Object key = noteKey(actions(QA, List.of("Ready for QA")), "Ready for QA");
        Object edited = noteKey(actions(QA.replace("is ready for QA", "can be tested"), List.of("Ready for QA")), "Ready for QA");
        assertEquals(key, edited);
        List<Map<String, Object>> two = actions(QA + "      - note: \"second {{url}}\"\n", List.of("Ready for QA"));
        assertEquals(key, two.get(0).get("key"));
        assertNotEquals(two.get(0).get("key"), two.get(1).get("key"));
        assertEquals(true, key.toString().startsWith("label-rule-note:gitlab:delivery-1:"), key.toString());
    }
}
