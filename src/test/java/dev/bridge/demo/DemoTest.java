package dev.bridge.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo end to end in this JVM: the real bridge against the built-in stand-ins, judged by what they hold at the end. */
class DemoTest {

    @Test
    void the_story_leaves_both_sides_in_step() throws Exception {
        ByteArrayOutputStream story = new ByteArrayOutputStream();
        Demo.Outcome end = Demo.run(new PrintStream(story, true, StandardCharsets.UTF_8));
        String told = story.toString(StandardCharsets.UTF_8);
        System.out.println(told);

        ObjectNode issue1 = end.issue1();
        assertEquals(DemoStory.EDITED_TITLE, issue1.get("title").asText());
        assertEquals("closed", issue1.get("state").asText());
        List<String> labels = new ArrayList<>();
        issue1.get("labels").forEach(l -> labels.add(l.asText()));
        assertFalse(end.configuredLabels().isBlank());
        assertTrue(labels.containsAll(Arrays.stream(end.configuredLabels().split(",")).map(String::strip).toList()),
                "labels " + labels + " include " + end.configuredLabels());

        ObjectNode task1 = end.task1();
        assertTrue(task1.get("completed").asBoolean());
        assertEquals(DemoStory.EDITED_TITLE, task1.get("title").asText());
        assertTrue(task1.get("body").asText().contains(issue1.get("web_url").asText()), task1.get("body").asText());
        assertEquals(1, end.issue1Comments().size(), "the developer's comment of step 5: " + end.issue1Comments());
        assertEquals(end.notes().gitlabComment(), end.issue1Comments().get(0).get("body").asText());

        assertNull(end.task2(), "the second task was deleted in HighLevel");
        assertEquals("closed", end.issue2().get("state").asText());
        assertEquals(1, end.issue2Comments().size(), end.issue2Comments().toString());
        assertTrue(end.issue2Comments().get(0).get("body").asText().startsWith(end.deletedComment()),
                end.issue2Comments().get(0).get("body").asText());

        // step 5: the HighLevel note is a comment on the contact's own issue, made once
        Demo.Notes notes = end.notes();
        String marker = "<!-- ghl-gitlab-bridge:contact:" + notes.contactId() + " -->";
        assertEquals(1, notes.contactIssues().size(), notes.contactIssues().toString());
        assertTrue(notes.contactIssues().get(0).get("description").asText().contains(marker), notes.contactIssues().get(0).toString());
        assertEquals(1, notes.contactIssueComments().size(), notes.contactIssueComments().toString());
        String comment = notes.contactIssueComments().get(0).get("body").asText();
        assertTrue(comment.contains(notes.highLevelNote()) && comment.contains(notes.author()), comment);
        // the GitLab comment is one note on the contact, with its text and address
        List<ObjectNode> fromGitLab = notes.contactNotes().stream().filter(n -> n.get("body").asText().contains(notes.gitlabComment())).toList();
        assertEquals(1, fromGitLab.size(), notes.contactNotes().toString());
        assertTrue(fromGitLab.get(0).get("body").asText().contains(notes.gitlabCommentUrl()), fromGitLab.get(0).toString());
        assertEquals(4, notes.contactNotes().size(), "the person's note, the one from GitLab and two about the pipeline (step 9): "
                + notes.contactNotes());

        // step 6: one CRM contact with HighLevel's new phone and GitLab's new e-mail; HighLevel's contact has that e-mail
        Demo.Contacts contacts = end.contacts();
        assertEquals(2, contacts.crmContacts().size(), "one per HighLevel contact (the second made in step 8): " + contacts.crmContacts());
        assertEquals(contacts.newPhone(), contacts.crmContacts().get(0).get("phone").asText(), contacts.crmContacts().toString());
        assertEquals(contacts.newEmail(), contacts.crmContacts().get(0).get("email").asText(), contacts.crmContacts().toString());
        assertEquals(contacts.newEmail(), contacts.ghlContact().get("email").asText(), contacts.ghlContact().toString());
        assertEquals(contacts.newPhone(), contacts.ghlContact().get("phone").asText(), contacts.ghlContact().toString());
        // HighLevel's ContactUpdate about the bridge's write calls neither the CRM nor HighLevel; the contact blocks take the e-mail
        assertFalse(contacts.echoCalls().isEmpty(), "the blocks still showed the old e-mail");
        assertTrue(contacts.echoCalls().stream().allMatch(c -> c.contains("GitLab") && c.contains("/issues/") && !c.contains("graphql")),
                contacts.echoCalls().toString());
        String contactIssue = notes.contactIssues().get(0).get("description").asText();
        assertTrue(contactIssue.contains(contacts.newEmail()) && contactIssue.contains(contacts.newPhone()), contactIssue);

        // step 7: the label customer::vip on the task's issue is the tag vip on its contact; step 9 added provision
        Demo.Automation a = end.automation();
        List<String> tags = new ArrayList<>();
        a.contact().get("tags").forEach(t -> tags.add(t.asText()));
        assertTrue(tags.contains(DemoAutomationStep.TAG) && tags.contains(DemoAutomationStep.TRIGGER_TAG), tags.toString());
        assertTrue(labels.contains(DemoAutomationStep.LABEL), labels.toString());
        // step 8: the second contact has each onboarding task once, though its ContactCreate came twice
        assertEquals(2, a.secondContactTasks().size(), a.secondContactTasks().toString());
        assertEquals(2, a.secondContactTasks().stream().map(t -> t.get("title").asText()).distinct().count(), a.secondContactTasks().toString());
        assertTrue(a.secondContactTasks().stream().allMatch(t -> t.get("title").asText().contains(a.secondContact().get("firstName").asText())),
                a.secondContactTasks().toString());
        assertTrue(a.repeatCalls().stream().noneMatch(c -> c.contains("/tasks")), a.repeatCalls().toString());
        assertEquals(1, a.onboardedTaskIssues().size(), "the TaskCreate'd onboarding task has one issue: " + a.onboardedTaskIssues());
        ObjectNode onboarded = a.secondContactTasks().stream().filter(t -> t.get("id").asText().equals(a.onboardedTask())).findFirst().orElseThrow();
        assertTrue(onboarded.get("body").asText().contains(a.onboardedTaskIssues().get(0).get("web_url").asText()), onboarded.toString());
        // step 9: one trigger call, the pipeline failed and then passed, one note for each on the first contact
        assertEquals(1, a.triggerCalls().size(), a.triggerCalls().toString());
        assertTrue(a.triggerCalls().get(0).contains(" 201"), a.triggerCalls().toString());
        assertEquals("success", a.pipeline().get("status").asText());
        assertEquals(2, a.pipelineNotes().size(), a.pipelineNotes().toString());
        assertTrue(a.pipelineNotes().get(0).get("body").asText().contains("failed"), a.pipelineNotes().toString());
        assertEquals(1, a.pipelineNotes().stream().filter(x -> x.get("body").asText().contains("failed")).count(), a.pipelineNotes().toString());

        assertEquals(List.of(), end.refusedCalls());
        assertEquals(List.of(), end.echoCalls(), "webhooks about the bridge's own changes make no call");
        assertTrue(told.contains("Step 9 of 9") && told.contains("Done:"), told);
    }
}
