package dev.bridge.flows;

import dev.bridge.config.ConfigProblem;
import dev.bridge.support.MappingFiles;
import dev.bridge.support.TestBridge;
import dev.bridge.validate.ValidateCommand;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A configured pipeline trigger without its token stops start-up with one line naming the key and the fix; validate says the same. */
class PipelineTriggerTokenTest {

    private static Path mappingWithTrigger() throws Exception {
        return MappingFiles.changed(mapping -> mapping + """

                pipelines:
                  triggers:
                    - name: provision-eu
                      when: { tagAdded: provision }
                      ref: main
                """);
    }

    @Test
    void start_up_fails_with_one_line_naming_the_token_setting() throws Exception {
        Map<String, String> p = TestBridge.defaults("http://127.0.0.1:9", "http://127.0.0.1:9");
        p.put("bridge.mapping-file", mappingWithTrigger().toString());
        Exception e = assertThrows(Exception.class, () -> TestBridge.start(p).close());
        ConfigProblem problem = ConfigProblem.find(e);
        assertNotNull(problem, "a configuration problem, not a crash: " + e);
        String line = problem.getMessage();
        assertTrue(line.startsWith("GITLAB_TRIGGER_TOKEN_PROVISION_EU is not set: pipelines.triggers 'provision-eu'"), line);
        assertTrue(line.contains("gitlab.trigger-token.provision-eu in config/application.properties"), line);
        assertTrue(!line.contains("\n"), line);
    }

    @Test
    void validate_names_the_missing_token_and_exits_1() throws Exception {
        Path config = Files.createTempFile(Path.of("target"), "trigger", ".properties");
        Files.writeString(config, "gitlab.project = 42\nbridge.mapping-file = " + mappingWithTrigger().toAbsolutePath().toString().replace('\\', '/') + "\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ValidateCommand.run(Path.of("").toAbsolutePath(), List.of("--config", config.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, text + err);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("configuration: GITLAB_TRIGGER_TOKEN_PROVISION_EU is not set")), text);
        assertTrue(text.lines().anyMatch(l -> l.equals("1 problem")), text);
    }
}
