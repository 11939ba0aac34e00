package dev.bridge.flows;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.bridge.support.MappingFiles;
import dev.bridge.support.Stubs;
import dev.bridge.support.Webhooks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/** The users of both stand-ins for the people tests, and tasks and hooks that name them. */
final class PeopleStandIns {

    static final String TITLE = "Login broken for Acme";
    static final String TEXT = "Customer cannot log in since Monday";
    static final String ISSUES = "/api/v4/projects/42/issues";
    static final String TASKS = "/contacts/" + Stubs.CONTACT_ID + "/tasks/";
    /** In the table as jdoe (GitLab 51). */
    static final String TABLE_USER = "UkXj2ZfQsxbIpCM0M1Kb";
    /** In the table as ghost, whom the token cannot see. */
    static final String GHOST_USER = "GhostUser0000000001";
    /** erin@example.com on both sides (GitLab 61, public e-mail). */
    static final String EMAIL_USER = "ErinMail00000000001";
    /** stranger@example.com, unknown to GitLab. */
    static final String STRANGER = "Stranger00000000001";
    private static final String FIXTURE_ASSIGNEE = "63e4qiWDsFJjOYAC8phG";

    private PeopleStandIns() {
    }

    /** The project's mapping with assignedTo mapped in {@code direction} and this people section. */
    static Path mapping(String direction, String people) throws Exception {
        return MappingFiles.changed(project -> project.replace("    completed: { gitlab: state,       direction: both }\n",
                "    completed: { gitlab: state,       direction: both }\n    assignedTo: { gitlab: assignee_ids, direction: " + direction + " }\n")
                + "\n" + people);
    }

    /** GHL users (by id, and the location's list) and GitLab users (by username, e-mail search and id). */
    static void users(WireMockExtension ghl, WireMockExtension gitlab) {
        ghl.stubFor(get(urlEqualTo("/users/" + EMAIL_USER)).willReturn(Stubs.okJson(
                "{\"id\":\"" + EMAIL_USER + "\",\"name\":\"Erin Mail\",\"email\":\"Erin@Example.com\"}")));
        ghl.stubFor(get(urlEqualTo("/users/" + STRANGER)).willReturn(Stubs.okJson(
                "{\"id\":\"" + STRANGER + "\",\"name\":\"Stan Ranger\",\"email\":\"stranger@example.com\"}")));
        ghl.stubFor(get(urlPathEqualTo("/users/")).withQueryParam("locationId", equalTo("ve9EPM428h8vShlRW1KT")).willReturn(Stubs.okJson(
                "{\"users\":[{\"id\":\"" + TABLE_USER + "\",\"name\":\"Jo Doe\",\"email\":\"jdoe@example.com\"},"
                        + "{\"id\":\"" + EMAIL_USER + "\",\"name\":\"Erin Mail\",\"email\":\"erin@example.com\"},"
                        + "{\"id\":\"LeftUser000000000001\",\"name\":\"Lee Left\",\"email\":\"left@example.com\",\"deleted\":true}]}")));
        gitlabUser(gitlab, "username", "jdoe", "[" + user(51, "jdoe", "") + "]");
        gitlabUser(gitlab, "username", "ghost", "[]");
        gitlabUser(gitlab, "username", "triage-bot", "[" + user(99, "triage-bot", "") + "]");
        gitlabUser(gitlab, "search", "erin@example.com", "[" + user(61, "erin", "erin@example.com") + "]");
        gitlabUser(gitlab, "search", "stranger@example.com", "[]");
        gitlab.stubFor(get(urlEqualTo("/api/v4/users/51")).willReturn(Stubs.okJson(user(51, "jdoe", ""))));
        gitlab.stubFor(get(urlEqualTo("/api/v4/users/61")).willReturn(Stubs.okJson(user(61, "erin", "erin@example.com"))));
        // the same e-mail as a HighLevel user who was deleted
        gitlab.stubFor(get(urlEqualTo("/api/v4/users/81")).willReturn(Stubs.okJson(user(81, "lee", "left@example.com"))));
        // the same person as TABLE_USER by e-mail: a reassignment to 70 would be sent if the direction let it
        gitlab.stubFor(get(urlEqualTo("/api/v4/users/70")).willReturn(Stubs.okJson(user(70, "jo.doe", "jdoe@example.com"))));
    }

    private static void gitlabUser(WireMockExtension gitlab, String param, String value, String answer) {
        gitlab.stubFor(get(urlPathEqualTo("/api/v4/users")).withQueryParam(param, equalTo(value)).willReturn(Stubs.okJson(answer)));
    }

    /** A user as GitLab's Users API shows it to a non-admin token. */
    private static String user(int id, String username, String publicEmail) {
        return "{\"id\":" + id + ",\"username\":\"" + username + "\",\"name\":\"" + username + "\",\"state\":\"active\",\"public_email\":\""
                + publicEmail + "\",\"web_url\":\"https://gitlab.example.com/" + username + "\"}";
    }

    /** The task as GHL answers for it, assigned to {@code assignee}. */
    static String task(String taskId, String assignee) {
        return Stubs.taskJson(taskId, TITLE, TEXT, false).replace(FIXTURE_ASSIGNEE, assignee);
    }

    /** The task as the location's task search lists it (what the tasks poller reads). */
    static String listed(String taskId, String assignee) {
        return "{\"id\":\"" + taskId + "\",\"title\":\"" + TITLE + "\",\"body\":\"" + TEXT + "\",\"contactId\":\"" + Stubs.CONTACT_ID
                + "\",\"dueDate\":\"2026-12-24T12:00:00.000Z\",\"completed\":false,\"assignedTo\":\"" + assignee + "\"}";
    }

    /** GHL's task (read and written) and GitLab's answer to the issue create, for a task assigned to {@code assignee}. */
    static void taskAndIssue(WireMockExtension ghl, WireMockExtension gitlab, String taskId, String assignee, int iid) {
        ghl.stubFor(get(urlEqualTo(TASKS + taskId)).atPriority(1).willReturn(Stubs.okJson(task(taskId, assignee))));
        ghl.stubFor(put(urlEqualTo(TASKS + taskId)).willReturn(Stubs.okJson(task(taskId, assignee))));
        gitlab.stubFor(post(urlEqualTo(ISSUES)).withRequestBody(containing("ghl-gitlab-bridge:task:" + taskId))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(Stubs.issueJson(iid, TITLE, "opened", TEXT))));
    }

    static String taskCreate(String taskId) {
        return Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", taskId));
    }

    /** An Issue Hook (update) for issue {@code iid}, its other fields as the bridge wrote them, with these assignees. */
    static String hook(int iid, int... assigneeIds) {
        String ids = Arrays.stream(assigneeIds).mapToObj(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
        return Webhooks.fixture("gitlab/issue-hook-update.json", Map.of("iid", String.valueOf(iid), "title", TITLE, "due", "2026-12-24",
                        "description", TEXT + "\\n\\n#### HighLevel contact\\nRubika Deo"))
                .replaceFirst("\"assignee_ids\": \\[\\s*51\\s*]", "\"assignee_ids\": " + ids)
                .replace("\"assignee_id\": 51", "\"assignee_id\": " + (assigneeIds.length == 0 ? "null" : assigneeIds[0]));
    }
}
