package dev.bridge;

import dev.bridge.config.ConfigProblem;
import org.apache.camel.main.Main;

import java.util.ArrayList;
import java.util.List;

/** Starts the bridge: Camel main with the engine's configuration and the flows in routes/. */
public final class App {

    private App() {
    }

    public static void main(String[] args) throws Exception {
        List<String> camelArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (("--config".equals(args[i]) || "-c".equals(args[i])) && i + 1 < args.length) {
                // an operator's own properties file (or glob) replaces config/*.properties
                System.setProperty("camel.main.fileConfigurations", args[++i]);
            } else {
                camelArgs.add(args[i]);
            }
        }
        Main main = new Main(App.class);
        try {
            System.exit(main.run(camelArgs.toArray(String[]::new)));
        } catch (Exception e) {
            ConfigProblem problem = ConfigProblem.find(e);
            if (problem == null) {
                throw e;
            }
            System.err.println("ghl-gitlab-bridge cannot start: " + problem.getMessage());
            System.exit(2);
        }
    }
}
