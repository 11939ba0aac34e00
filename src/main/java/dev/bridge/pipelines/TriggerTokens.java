package dev.bridge.pipelines;

import dev.bridge.config.ConfigProblem;
import dev.bridge.config.Settings;
import dev.bridge.mapping.PipelineTriggers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The pipeline trigger tokens of the configured triggers (flow F11): secrets from the configuration, never from the
 * mapping file. Key {@code gitlab.trigger-token.<name>}, environment variable {@code GITLAB_TRIGGER_TOKEN_<NAME>}.
 * A configured trigger without its token, or without a project, stops start-up; {@code validate} says the same.
 */
public final class TriggerTokens {

    private TriggerTokens() {
    }

    /** Every problem, one line each: a missing token or project. */
    public static List<String> problems(PipelineTriggers triggers, Function<String, Optional<String>> lookup, String defaultProject) {
        List<String> problems = new ArrayList<>();
        for (PipelineTriggers.Trigger t : triggers.all()) {
            if (lookup.apply(t.tokenKey()).filter(v -> !v.isBlank()).isEmpty()) {
                problems.add(Settings.envName(t.tokenKey()) + " is not set: pipelines.triggers '" + t.name() + "' in the mapping file needs the "
                        + "project's pipeline trigger token (GitLab: Settings > CI/CD > Pipeline trigger tokens); set it in the environment or as "
                        + t.tokenKey() + " in config/application.properties");
            }
            if (t.project() == null && defaultProject == null) {
                problems.add("GITLAB_PROJECT is not set: pipelines.triggers '" + t.name() + "' names no project; set GITLAB_PROJECT or give "
                        + "the trigger a project");
            }
        }
        return problems;
    }

    /** Trigger name → token; the first problem stops start-up with one line. */
    public static Map<String, String> read(PipelineTriggers triggers, Function<String, Optional<String>> lookup, String defaultProject) {
        List<String> problems = problems(triggers, lookup, defaultProject);
        if (!problems.isEmpty()) {
            throw new ConfigProblem(problems.get(0));
        }
        Map<String, String> tokens = new LinkedHashMap<>();
        triggers.all().forEach(t -> tokens.put(t.name(), lookup.apply(t.tokenKey()).orElseThrow().strip()));
        return tokens;
    }
}
