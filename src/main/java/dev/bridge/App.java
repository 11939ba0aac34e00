package dev.bridge;

import dev.bridge.config.ConfigProblem;
import dev.bridge.config.Settings;
import dev.bridge.routes.RouteProblem;
import dev.bridge.validate.ValidateCommand;
import org.apache.camel.main.Main;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts the bridge: Camel main with the engine's configuration and the flows in routes/. */
public final class App {

    private App() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "demo".equals(args[0])) {
            dev.bridge.demo.Demo.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && "validate".equals(args[0])) {
            System.exit(ValidateCommand.run(Path.of(""), List.of(args).subList(1, args.length), System.out, System.err));
        }
        List<String> camelArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (("--config".equals(args[i]) || "-c".equals(args[i])) && i + 1 < args.length) {
                // an operator's own properties file replaces config/application.properties; Camel needs it absolute
                Path file = Path.of(args[++i]).toAbsolutePath().normalize();
                if (!Files.isRegularFile(file)) {
                    fail("--config " + args[i] + ": there is no such file (" + file + ")");
                }
                System.setProperty("camel.main.fileConfigurations", file.toString());
            } else {
                camelArgs.add(args[i]);
            }
        }
        if (!Files.isDirectory(Path.of("routes"))) {
            fail("there is no routes/ folder in " + Path.of("").toAbsolutePath()
                    + ": start the bridge from the folder that holds routes/ and config/");
        }
        Main main = new Main(App.class);
        try {
            System.exit(main.run(camelArgs.toArray(String[]::new)));
        } catch (Exception e) {
            ConfigProblem problem = ConfigProblem.find(e);
            if (problem != null) {
                fail(problem.getMessage());
            }
            if (Settings.debug()) {
                e.printStackTrace();
            }
            // a broken flow at start-up is a configuration error too: name the file, the line and the problem
            RouteProblem route = RouteProblem.find(e, main.getCamelContext());
            if (route != null) {
                fail(route + " (set BRIDGE_DEBUG=true for the stack trace)");
            }
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            fail(root.getClass().getSimpleName() + ": " + root.getMessage() + " (set BRIDGE_DEBUG=true for the stack trace)");
        }
    }

    private static void fail(String line) {
        System.err.println("ghl-gitlab-bridge cannot start: " + line);
        System.exit(2);
    }
}
