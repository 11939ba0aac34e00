package dev.bridge.validate;

import dev.bridge.mapping.Mapping;
import dev.bridge.pipelines.TriggerTokens;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar ghl-gitlab-bridge.jar validate [--config FILE]}: checks the configuration, the Kamelets, the routes
 * and the mapping file of the current folder without starting the bridge (no port, database or API call). Prints one
 * line per problem and a summary; exits 0 when all is well, 1 when something is wrong, 2 on a usage error.
 */
public final class ValidateCommand {

    private static final String USAGE = "usage: java -jar ghl-gitlab-bridge.jar validate [--config FILE]";

    private ValidateCommand() {
    }

    /** Validates the files under {@code base} (the folder holding routes/ and config/); returns the exit code. */
    public static int run(Path base, List<String> args, PrintStream out, PrintStream err) {
        Path configFile = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (("--config".equals(a) || "-c".equals(a)) && i + 1 < args.size()) {
                configFile = base.resolve(args.get(++i)).toAbsolutePath().normalize();
                if (!Files.isRegularFile(configFile)) {
                    return usage(err, "--config " + args.get(i) + ": there is no such file (" + configFile + ")");
                }
            } else if ("--help".equals(a) || "-h".equals(a)) {
                out.println(USAGE);
                return 0;
            } else {
                return usage(err, "unknown argument '" + a + "'");
            }
        }
        if (!Files.isDirectory(base.resolve("routes"))) {
            return usage(err, "there is no routes/ folder in " + base.toAbsolutePath().normalize()
                    + ": run validate from the folder that holds routes/ and config/");
        }
        try {
            return validate(base, configFile, out);
        } catch (Exception e) {
            if (dev.bridge.config.Settings.debug()) {
                e.printStackTrace();
            }
            err.println("validate could not finish: " + e.getClass().getSimpleName() + ": " + e.getMessage() + " (set BRIDGE_DEBUG=true for the stack trace)");
            return 1;
        }
    }

    private static int validate(Path base, Path configFile, PrintStream out) throws Exception {
        List<Problem> problems = new ArrayList<>();
        ConfigChecks config = ConfigChecks.check(base, configFile, problems);
        KameletChecks.Result kamelets = KameletChecks.checkFolder(base, problems);
        int routes = new RouteChecks(kamelets.catalog(), config.lookup()).checkFolder(base, problems);
        Path mappingFile = base.resolve(config.lookup().apply("bridge.mapping-file").orElse("config/mapping.yaml"));
        List<String> mapping = Mapping.problems(mappingFile);
        if (mapping.isEmpty()) {
            // the pipeline triggers' tokens are secrets in the configuration, named by the mapping file
            String project = config.lookup().apply("gitlab.project").filter(v -> !v.isBlank()).orElse(null);
            TriggerTokens.problems(Mapping.load(mappingFile).pipelines().triggers(), config.lookup(), project)
                    .forEach(line -> problems.add(Problem.error("configuration", 0, "", line)));
        }

        problems.forEach(out::println);
        mapping.forEach(out::println);
        long errors = problems.stream().filter(p -> !p.warning()).count() + mapping.size();
        long warnings = problems.stream().filter(Problem::warning).count();
        if (errors > 0) {
            out.println(errors + (errors == 1 ? " problem" : " problems"));
            return 1;
        }
        out.println("ok: " + routes + " routes, " + kamelets.files() + " kamelets, mapping"
                + ", configuration" + (warnings > 0 ? " (" + warnings + (warnings == 1 ? " warning)" : " warnings)") : ""));
        return 0;
    }

    private static int usage(PrintStream err, String line) {
        err.println("validate: " + line);
        err.println(USAGE);
        return 2;
    }
}
