package dev.bridge.process;

import dev.bridge.support.Await;
import dev.bridge.support.TestKeys;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The packaged jar refuses bad configuration with one line on stderr and exit code 2, never a stack trace; missing
 * API tokens are not bad configuration: the bridge starts, warns once for each, and dead-letters what needs them.
 */
class StartupConfigIT {

    private static final Duration EXIT_LIMIT = Duration.ofMinutes(3);
    private static final String PREFIX = "ghl-gitlab-bridge cannot start: ";
    /** Lines of a Java stack trace as the JVM or printStackTrace write them. */
    private static final Pattern STACK_LINE = Pattern.compile("^\\s+at [\\w$.]+\\(.*\\)$|\\tat |^Exception in thread |^Caused by: |^\\s+\\.\\.\\. \\d+ more$");

    private final List<BridgeProcess> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(BridgeProcess::close);
    }

    private BridgeProcess bridge(String name) throws Exception {
        BridgeProcess b = BridgeProcess.inNewFolder(name).withDefaults();
        started.add(b);
        return b;
    }

    @Test
    void an_ftp_gitlab_base_url_is_refused_with_one_line_naming_GITLAB_BASE_URL() throws Exception {
        BridgeProcess b = bridge("ftp-url").env("GITLAB_BASE_URL", "ftp://nowhere").start();
        String line = refusedWithOneLine(b);
        assertTrue(line.contains("GITLAB_BASE_URL"), line);
        assertTrue(line.contains("ftp://nowhere"), "the line quotes the bad value: " + line);
        assertTrue(line.contains("use an http(s) URL"), "the line says how to fix it: " + line);
    }

    @Test
    void a_webhook_public_key_that_is_not_a_key_is_refused_with_one_line_naming_GHL_WEBHOOK_PUBLIC_KEY() throws Exception {
        BridgeProcess b = bridge("bad-key").env("GHL_WEBHOOK_PUBLIC_KEY", "not-a-key").start();
        String line = refusedWithOneLine(b);
        assertTrue(line.contains("GHL_WEBHOOK_PUBLIC_KEY"), line);
        assertTrue(line.contains("PEM") && line.contains("-----BEGIN PUBLIC KEY-----"), "the line says how to fix it: " + line);
        assertTrue(!line.contains("GHL_WEBHOOK_RSA_PUBLIC_KEY"), "only the bad key is named: " + line);
    }

    @Test
    void a_retry_count_that_is_not_a_number_is_refused_with_one_line_naming_BRIDGE_RETRY_MAX_REDELIVERIES() throws Exception {
        BridgeProcess b = bridge("bad-retries").env("BRIDGE_RETRY_MAX_REDELIVERIES", "lots").start();
        String line = refusedWithOneLine(b);
        assertTrue(line.contains("BRIDGE_RETRY_MAX_REDELIVERIES"), line);
        assertTrue(line.contains("'lots'"), "the line quotes the bad value: " + line);
        assertTrue(line.contains("use a whole number from 0 to"), "the line says how to fix it: " + line);
    }

    @Test
    void a_mapping_with_a_bad_direction_is_refused_with_one_line_naming_the_file_and_the_entry() throws Exception {
        BridgeProcess b = bridge("bad-mapping");
        java.nio.file.Path mapping = b.workDir().resolve("config").resolve("mapping.yaml");
        java.nio.file.Files.writeString(mapping, java.nio.file.Files.readString(mapping).replace("dueDate:   { gitlab: due_date,    direction: both }",
                "dueDate:   { gitlab: due_date,    direction: sideways }"));
        b.start();
        String line = refusedWithOneLine(b);
        assertTrue(line.contains("mapping.yaml") && line.contains("tasks.fields.dueDate.direction"), "the line names the file and the entry: " + line);
        assertTrue(line.contains("'sideways'") && line.contains("use one of both, to-gitlab, to-ghl, on-create"), "the line says how to fix it: " + line);
    }

    @Test
    void a_pipeline_trigger_without_its_token_is_refused_with_one_line_naming_the_setting() throws Exception {
        BridgeProcess b = bridge("no-trigger-token").env("GITLAB_PROJECT", "42");
        java.nio.file.Path mapping = b.workDir().resolve("config").resolve("mapping.yaml");
        java.nio.file.Files.writeString(mapping, java.nio.file.Files.readString(mapping) + """

                pipelines:
                  triggers:
                    - name: provision
                      when: { tagAdded: provision }
                      ref: main
                """);
        b.start();
        String line = refusedWithOneLine(b);
        assertTrue(line.contains("GITLAB_TRIGGER_TOKEN_PROVISION") || line.contains("gitlab.trigger-token.provision"), "the line names the setting: " + line);
    }

    @Test
    void a_setting_that_moved_to_the_mapping_file_is_refused_with_one_line_saying_where_it_went() throws Exception {
        BridgeProcess b = bridge("moved-key").env("GITLAB_ISSUE_LABELS", "support").start();
        String line = refusedWithOneLine(b);
        assertTrue(line.contains("gitlab.issue-labels") && line.contains("tasks.newIssue.labels"), line);
    }

    @Test
    void a_config_file_named_with_config_on_the_command_line_is_the_one_read() throws Exception {
        BridgeProcess b = bridge("config-arg");
        java.nio.file.Files.writeString(b.workDir().resolve("elsewhere.properties"), "gitlab.base-url = ftp://from-the-named-file\n");
        b.args("--config", "elsewhere.properties").start();
        String line = refusedWithOneLine(b);
        assertTrue(line.contains("GITLAB_BASE_URL") && line.contains("'ftp://from-the-named-file'"), "the named file's value was read: " + line);
    }

    @Test
    void a_route_file_with_an_unknown_component_is_refused_with_one_line_naming_the_file_and_line() throws Exception {
        BridgeProcess b = bridge("broken-endpoint");
        java.nio.file.Files.writeString(b.workDir().resolve("routes").resolve("zz-broken.camel.yaml"), """
                - route:
                    id: zz-broken
                    from:
                      uri: direct:gitlab.zz_broken
                      steps:
                        - log: "about to fail"
                        - to: nosuchcomponent:x
                """);
        String line = refusedWithOneLine(b.start());
        assertTrue(line.contains("routes/zz-broken.camel.yaml line 7: "), "the file and the line: " + line);
        assertTrue(line.contains("No endpoint could be found for: nosuchcomponent://x"), "the problem: " + line);
    }

    @Test
    void a_route_file_that_is_not_valid_yaml_dsl_is_refused_with_one_line_naming_the_file_and_line() throws Exception {
        BridgeProcess b = bridge("broken-yaml");
        java.nio.file.Files.writeString(b.workDir().resolve("routes").resolve("zz-broken.camel.yaml"), """
                - route:
                    id: zz-broken
                    from:
                      uri: direct:gitlab.zz_broken
                      steps:
                        - notAStep: {}
                """);
        String line = refusedWithOneLine(b.start());
        assertTrue(line.contains("routes/zz-broken.camel.yaml line 6: Unknown node id: notAStep"), "the file, the line and the problem: " + line);
    }

    @Test
    void a_folder_without_routes_is_refused_with_one_line_naming_routes() throws Exception {
        BridgeProcess b = BridgeProcess.inNewFolder("no-routes", List.of("config", "kamelets")).withDefaults();
        started.add(b);
        b.start();
        String line = refusedWithOneLine(b);
        assertTrue(line.contains("routes/"), line);
        assertTrue(line.contains(b.workDir().toString()), "the line names the folder it looked in: " + line);
        assertTrue(line.contains("start the bridge from the folder that holds routes/"), "the line says how to fix it: " + line);
    }

    @Test
    void without_GHL_TOKEN_and_GITLAB_TOKEN_the_bridge_starts_warns_once_for_each_and_dead_letters_what_needs_them() throws Exception {
        BridgeProcess b = bridge("no-tokens").env(Map.of(
                "GHL_BASE_URL", "http://127.0.0.1:9",
                "GITLAB_BASE_URL", "http://127.0.0.1:9",
                "GITLAB_PROJECT", "42",
                "GITLAB_WEBHOOK_SECRET", TestKeys.GITLAB_SECRET,
                "GHL_WEBHOOK_PUBLIC_KEY", TestKeys.ed25519PublicPem(),
                "BRIDGE_ADMIN_TOKEN", "it-admin-token"));
        b.start().awaitHealthy(Duration.ofMinutes(3));

        List<String> out = b.stdout();
        assertWarnedOnce(out, "GHL_TOKEN");
        assertWarnedOnce(out, "GITLAB_TOKEN");
        assertNoStackTrace(out, b.stderr());

        // an event that needs GHL_TOKEN is accepted and then goes to dead letters with that reason
        String taskId = "noTokenTask000000001";
        byte[] body = Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", taskId)).getBytes(StandardCharsets.UTF_8);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(b.url("/webhooks/ghl")))
                .header("Content-Type", "application/json").header("X-GHL-Signature", TestKeys.ed25519Sign(body))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("accepted"), answer.body());

        HttpRequest deadLetters = HttpRequest.newBuilder(URI.create(b.managementUrl("/admin/dead-letters")))
                .header("Authorization", "Bearer it-admin-token").timeout(Duration.ofSeconds(30)).GET().build();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        String listed = "";
        while (!(listed.contains(taskId) && listed.contains("GHL_TOKEN is not set"))) {
            if (System.nanoTime() > deadline) {
                fail("no dead letter for " + taskId + " naming GHL_TOKEN; last answer: " + listed + "\nstdout:\n" + BridgeProcess.tail(b.stdout()));
            }
            Thread.sleep(200);
            HttpResponse<String> r = http.send(deadLetters, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            listed = r.body();
        }
        // the dead letter is stored before its WARN line is written: check the output once that line is there
        Await.until("the dead letter's log line", Duration.ofMinutes(1),
                () -> b.stdout().stream().anyMatch(l -> l.contains("gave up on event") && l.contains("GHL_TOKEN is not set")));
        assertTrue(b.isAlive(), "the bridge keeps running");
        assertNoStackTrace(b.stdout(), b.stderr());
    }

    /** Exit code 2, stderr exactly one line with the prefix, no stack trace anywhere; returns the line. */
    private static String refusedWithOneLine(BridgeProcess b) throws Exception {
        int code = b.awaitExit(EXIT_LIMIT);
        List<String> err = b.stderr();
        List<String> out = b.stdout();
        String context = "\nstderr:\n" + String.join("\n", err) + "\nstdout:\n" + String.join("\n", out);
        assertEquals(2, code, "exit code" + context);
        assertEquals(1, err.size(), "stderr is exactly one line" + context);
        String line = err.get(0);
        assertTrue(line.startsWith(PREFIX), line);
        assertTrue(line.length() > PREFIX.length() + 20, "the line explains the problem: " + line);
        assertNoStackTrace(out, err);
        return line;
    }

    private static void assertNoStackTrace(List<String> out, List<String> err) {
        for (List<String> lines : List.of(out, err)) {
            for (String l : lines) {
                assertTrue(!STACK_LINE.matcher(l).find(), "a line looks like a stack trace: '" + l + "'\n" + String.join("\n", lines));
            }
        }
    }

    private static void assertWarnedOnce(List<String> out, String variable) {
        Pattern name = Pattern.compile("\\b" + variable + "\\b");
        List<String> naming = out.stream().filter(l -> name.matcher(l).find()).toList();
        assertEquals(1, naming.size(), "one line names " + variable + ": " + naming + "\nstdout:\n" + String.join("\n", out));
        assertTrue(naming.get(0).contains(" WARN "), "it is a WARN line: " + naming.get(0));
        assertTrue(naming.get(0).contains("dead letters"), "it says what happens to the events that need it: " + naming.get(0));
    }
}
