package dev.bridge.mapping;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.bridge.support.MappingFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mapping file is checked whole: each problem is one line naming the file, the entry and the fix. */
class MappingFileTest {

    @Test
    void the_projects_own_mapping_file_has_no_problems() {
        assertEquals(List.of(), Mapping.problems(Path.of("config", "mapping.yaml")));
    }

    @Test
    void every_problem_is_one_line_that_names_the_file_the_entry_and_the_fix() throws Exception {
        Path file = write("""
                tasks:
                  fields:
                    title:    { gitlab: title, direction: sideways }
                    priority: { gitlab: weight, direction: both }
                    body:     { gitlab: title, direction: both }
                    completed: { gitlab: state, direction: on-create }
                  newIssue:
                    labels: highlevel
                    contactBlock: |
                      **{{name}}** {{mobile}} {{custom.industry}}
                  taskBody:
                    issueUrlLine: "{{url}}"
                  colour: blue
                """);
        List<String> problems = Mapping.problems(file);
        assertEquals(9, problems.size(), String.join("\n", problems));
        problems.forEach(p -> {
            assertTrue(p.startsWith(file + ": tasks."), p);
            assertTrue(!p.contains("\n"), p);
        });
        assertHas(problems, "tasks.fields.title.direction 'sideways' is not a direction; use one of both, to-gitlab, to-ghl, on-create");
        assertHas(problems, "tasks.fields.priority is not a task field the bridge syncs; use one of");
        assertHas(problems, "tasks.fields.body.gitlab 'title' cannot hold a task's body; a task's body pairs with the issue's description");
        assertHas(problems, "tasks.fields.completed.direction on-create makes no sense for completed");
        assertHas(problems, "tasks.newIssue.labels must be a list of names");
        assertHas(problems, "tasks.newIssue.contactBlock names {{mobile}}, which is not known; use companyName, email");
        assertHas(problems, "tasks.newIssue.contactBlock must start with a fixed heading line");
        assertHas(problems, "tasks.taskBody.issueUrlLine must be one line of fixed words followed by {{url}}");
        assertHas(problems, "tasks.colour is not known here");
    }

    @Test
    void an_unknown_key_and_broken_yaml_are_reported_with_where_they_are() throws Exception {
        List<String> unknown = Mapping.problems(write("tasks:\n  colour: blue\n"));
        assertEquals(1, unknown.size(), unknown.toString());
        assertTrue(unknown.get(0).contains("tasks.colour is not known here; use fields, newIssue, taskBody, taskDeleted"), unknown.get(0));

        Path broken = write("tasks:\n  fields:\n    title: { gitlab: title, direction: both\n  newIssue: {}\n");
        List<String> problems = Mapping.problems(broken);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(broken + ":4: not valid YAML"), problems.get(0));
    }

    @Test
    void a_contact_field_that_highlevel_does_not_take_on_update_cannot_travel_to_highlevel() throws Exception {
        Path file = write("""
                contacts:
                  fields:
                    firstName:   { ghl: firstName, direction: both }
                    lastName:    { ghl: lastName, direction: both }
                    description: { ghl: companyName, direction: to-ghl }
                """);
        List<String> problems = Mapping.problems(file);
        assertEquals(1, problems.size(), String.join("\n", problems));
        assertHas(problems, "contacts.fields.description.direction HighLevel does not take companyName on a contact update, so it cannot travel "
                + "to HighLevel; use to-gitlab or on-create");
    }

    @Test
    void a_contact_issue_deleted_comment_must_be_a_text() throws Exception {
        List<String> problems = Mapping.problems(write("contactIssue:\n  deletedComment: [closed]\n"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("contactIssue.deletedComment must be a text"), problems.get(0));
        assertEquals(List.of(), Mapping.problems(write("contactIssue:\n  deletedComment: Gone from HighLevel.\n")));
    }

    @Test
    void the_contacts_section_is_checked_whole_with_one_line_per_problem() throws Exception {
        Path file = write("""
                contacts:
                  fields:
                    lastName:    { ghl: surname, direction: both }
                    email:       { ghl: email, direction: sideways, conflict: loudest }
                    mobile:      { ghl: phone, direction: both }
                    description: { template: "{{companyName}} {{custom.industry}} {{shoeSize}}", direction: both }
                    phone:       { ghl: phone, template: "{{phone}}", direction: both }
                """);
        List<String> problems = Mapping.problems(file);
        problems.forEach(p -> {
            assertTrue(p.startsWith(file + ": contacts.fields."), p);
            assertTrue(!p.contains("\n"), p);
        });
        assertHas(problems, "contacts.fields.lastName.ghl 'surname' is not a HighLevel contact field; use one of");
        assertHas(problems, "contacts.fields.email.direction 'sideways' is not a direction; use one of both, to-gitlab, to-ghl, on-create");
        assertHas(problems, "contacts.fields.email.conflict 'loudest' is not a conflict rule; use ghl, gitlab or newer (the default)");
        assertHas(problems, "contacts.fields.mobile is not a GitLab CRM contact field the bridge writes; use one of firstName, lastName, email, phone, description");
        assertHas(problems, "contacts.fields.description.template names {{shoeSize}}, which is not known");
        assertHas(problems, "contacts.fields.description.direction a template only travels to GitLab; use to-gitlab or on-create");
        assertHas(problems, "contacts.fields.phone needs exactly one of ghl (one HighLevel field) or template");
        assertHas(problems, "contacts.fields.firstName is missing; GitLab requires a CRM contact's firstName");
        assertTrue(problems.stream().noneMatch(p -> p.contains("names {{custom.industry}}")), "custom.<name> is allowed in a template: " + problems);
        assertEquals(8, problems.size(), String.join("\n", problems));
    }

    @Test
    void the_people_section_names_each_wrong_entry_and_its_fix() throws Exception {
        Path file = write("""
                tasks:
                  fields:
                    assignedTo: { gitlab: assignee_id, direction: both }
                people:
                  match: [table, phone]
                  table:
                    - { ghl: "UkXj2ZfQsxbIpCM0M1Kb", gitlab: jdoe }
                    - { ghl: "UkXj2ZfQsxbIpCM0M1Kb", gitlab: jane }
                    - { ghl: "Other000000000000001", gitlab: JDoe }
                    - { ghl: "Mail0000000000000001", gitlab: "mail@example.com" }
                    - { ghl: "Half0000000000000001" }
                  default: { gitlab: triage-bot, team: support }
                """);
        List<String> problems = Mapping.problems(file);
        assertEquals(7, problems.size(), String.join("\n", problems));
        assertHas(problems, "tasks.fields.assignedTo.gitlab 'assignee_id' cannot hold a task's assignedTo; a task's assignedTo pairs with the issue's assignee_ids");
        assertHas(problems, "people.match 'phone' is not a way of matching; use table, email or both");
        assertHas(problems, "people.table[2].ghl 'UkXj2ZfQsxbIpCM0M1Kb' is in the table twice");
        assertHas(problems, "people.table[3].gitlab 'JDoe' is in the table twice");
        assertHas(problems, "people.table[4].gitlab 'mail@example.com' is not a GitLab username");
        assertHas(problems, "people.table[5] needs both ghl (the HighLevel user id) and gitlab (the GitLab username)");
        assertHas(problems, "people.default.team is not known here");
    }

    @Test
    void a_people_section_with_a_table_and_a_default_is_read_as_written() throws Exception {
        Path file = write("""
                people:
                  match: [email, table]
                  table:
                    - { ghl: "UkXj2ZfQsxbIpCM0M1Kb", gitlab: jdoe }
                  default: { ghl: "Triage00000000000001" }
                """);
        People people = Mapping.load(file).people();
        assertEquals(List.of(People.Match.EMAIL, People.Match.TABLE), people.match());
        assertEquals("UkXj2ZfQsxbIpCM0M1Kb", people.byGitlab("JDOE").ghl());
        assertEquals(null, people.defaultGitlab());
        assertEquals("Triage00000000000001", people.defaultGhl());
    }

    private static void assertHas(List<String> problems, String text) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(text)), "no problem says '" + text + "' in:\n" + String.join("\n", problems));
    }
}
