package dev.bridge.validate;

import dev.bridge.process.BridgeProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar ghl-gitlab-bridge.jar validate} on copies of the project's folders: exit 0 and the ok line for the
 * project's own files; exit 1 and one line per problem, naming its file, for broken ones; nothing is started.
 */
class ValidateCommandIT {

    private static final Duration EXIT_LIMIT = Duration.ofMinutes(2);
    private static final Pattern STACK_LINE = Pattern.compile("^\\s+at [\\w$.]+\\(.*\\)$|\\tat |^Exception in thread |^Caused by: ");

    private final List<BridgeProcess> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(BridgeProcess::close);
    }

    @Test
    void the_projects_own_files_pass_with_exit_0_and_the_ok_line() throws Exception {
        BridgeProcess b = validate("own-files");
        assertEquals(0, b.awaitExit(EXIT_LIMIT), output(b));
        List<String> out = b.stdout();
        long routeFiles = count(BridgeProcess.projectDir().resolve("routes"), ".yaml");
        long kameletFiles = count(BridgeProcess.projectDir().resolve("kamelets"), ".kamelet.yaml");
        String last = out.get(out.size() - 1);
        assertTrue(last.startsWith("ok: " + routeFiles + " routes, " + kameletFiles + " kamelets, "), output(b));
        assertTrue(last.contains("configuration"), last);
        // every other line is a warning (tokens are not set here), not a log line and not a problem
        for (String line : out.subList(0, out.size() - 1)) {
            assertTrue(line.startsWith("warning: "), "only warnings before the ok line: " + output(b));
        }
        assertTrue(out.stream().anyMatch(l -> l.startsWith("warning: ") && l.contains("GHL_TOKEN is not set")), "a missing GHL_TOKEN is a warning: " + output(b));
        assertEquals(List.of(), b.stderr());
        assertFalse(Files.exists(b.workDir().resolve("data")), "no database was created");
    }

    @Test
    void a_schema_error_a_kamelet_without_title_and_secret_format_and_a_bad_port_are_one_line_each_and_exit_1() throws Exception {
        BridgeProcess b = BridgeProcess.inNewFolder("validate-broken");
        started.add(b);
        Path dir = b.workDir();
        Files.writeString(dir.resolve("routes").resolve("retry-settings.camel.yaml"), """
                - routeConfiguration:
                    id: retry-settings
                    errorHandler:
                      deadLetterChannel:
                        deadLetterUri: log:dead
                        redeliveryPolicy:
                          backOffMultiplier: "{{bridge.retry.multiplier}}"
                """);
        Files.createDirectories(dir.resolve("kamelets"));
        Files.writeString(dir.resolve("kamelets").resolve("comment-sink.kamelet.yaml"), """
                apiVersion: camel.apache.org/v1
                kind: Kamelet
                metadata:
                  name: comment-sink
                  labels:
                    camel.apache.org/kamelet.type: sink
                spec:
                  definition:
                    description: Posts the body as a comment.
                    properties:
                      apiToken:
                        title: API token
                        description: Token that may post comments.
                        type: string
                  template:
                    from:
                      uri: kamelet:source
                      steps:
                        - to: "https://comments.example.com/post?token={{apiToken}}"
                """);
        Files.writeString(dir.resolve("config").resolve("application.properties"), "\nbridge.http-port = abc\n", StandardOpenOption.APPEND);
        int configLine = Files.readAllLines(dir.resolve("config").resolve("application.properties")).size();
        b.args("validate").start();

        assertEquals(1, b.awaitExit(EXIT_LIMIT), output(b));
        List<String> problems = b.stdout().stream().filter(l -> !l.startsWith("warning: ")).toList();
        assertEquals(List.of(
                "config/application.properties:" + configLine + ": bridge.http-port: BRIDGE_HTTP_PORT is 'abc': use a whole number from 1 to 65535 (key bridge.http-port)",
                "kamelets/comment-sink.kamelet.yaml:8: /spec/definition: has no title; add spec.definition.title",
                "kamelets/comment-sink.kamelet.yaml:11: /spec/definition/properties/apiToken: property 'apiToken' looks like a secret but is not 'format: password'; add it, so tools mask the value",
                "routes/retry-settings.camel.yaml:7: /0/routeConfiguration/errorHandler/deadLetterChannel/redeliveryPolicy/backOffMultiplier: string found, number expected;"
                        + " write a number: a {{placeholder}} runs, but the schema (and Kaoto) refuse it here, so put the value or move the option into a bean",
                "4 problems"), problems, output(b));
        assertEquals(List.of(), b.stderr());
        assertNoStackTrace(b);
    }

    @Test
    void environment_variables_and_a_config_file_named_with_config_are_read_as_at_start_up() throws Exception {
        BridgeProcess b = BridgeProcess.inNewFolder("validate-env");
        started.add(b);
        Files.writeString(b.workDir().resolve("other.properties"), "bridge.management-port = 9090\nbridge.timezone = Mars/Olympus\n");
        b.env("GITLAB_BASE_URL", "ftp://nowhere").env("BRIDGE_HTTP_PORT", "9090").args("validate", "--config", "other.properties").start();

        assertEquals(1, b.awaitExit(EXIT_LIMIT), output(b));
        List<String> problems = b.stdout().stream().filter(l -> !l.startsWith("warning: ")).toList();
        assertEquals(List.of(
                "environment variable GITLAB_BASE_URL: gitlab.base-url: GITLAB_BASE_URL is 'ftp://nowhere': use an http(s) URL such as https://gitlab.example.com (key gitlab.base-url)",
                "other.properties:2: bridge.timezone: BRIDGE_TIMEZONE is 'Mars/Olympus': use a time zone id such as UTC or Europe/Berlin (key bridge.timezone)",
                "other.properties:1: bridge.management-port: BRIDGE_MANAGEMENT_PORT equals BRIDGE_HTTP_PORT: health, metrics and admin would answer on the webhook port; choose another port",
                "3 problems"), problems, output(b));
    }

    @Test
    void an_unknown_argument_is_a_usage_error_with_exit_2() throws Exception {
        BridgeProcess b = BridgeProcess.inNewFolder("validate-usage");
        started.add(b);
        b.args("validate", "--strict").start();
        assertEquals(2, b.awaitExit(EXIT_LIMIT), output(b));
        assertTrue(b.stderr().get(0).contains("unknown argument '--strict'"), output(b));
        assertEquals(List.of(), b.stdout());
    }

    private BridgeProcess validate(String name) throws IOException {
        BridgeProcess b = BridgeProcess.inNewFolder(name);
        started.add(b);
        return b.args("validate").start();
    }

    private static long count(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).count();
        }
    }

    private static void assertNoStackTrace(BridgeProcess b) {
        for (String l : b.stdout()) {
            assertFalse(STACK_LINE.matcher(l).find(), "a stack trace line: " + l);
        }
        for (String l : b.stderr()) {
            assertFalse(STACK_LINE.matcher(l).find(), "a stack trace line: " + l);
        }
    }

    private static String output(BridgeProcess b) {
        return "\nstdout:\n" + String.join("\n", b.stdout()) + "\nstderr:\n" + String.join("\n", b.stderr());
    }
}
