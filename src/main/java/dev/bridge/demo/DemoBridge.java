package dev.bridge.demo;

import dev.bridge.App;
import org.apache.camel.main.Main;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real bridge (App's Camel Main: the engine, the flows in routes/, the inbox) on free ports and a fresh H2 file in
 * a temporary folder, pointed at the stand-ins. It reads neither config/*.properties nor the environment, so an
 * operator's settings (a real database, real tokens) never mix with the demo's; its mapping is config/mapping.yaml
 * with the demo's sections on ({@link DemoMapping}).
 */
final class DemoBridge implements AutoCloseable {

    private final Main main;
    private final Path folder;
    private final int port;
    private final int managementPort;

    DemoBridge(String ghlUrl, String gitlabUrl, DemoKeys keys) throws Exception {
        this.folder = Files.createTempDirectory("ghl-gitlab-bridge-demo-");
        this.port = freePort();
        int management = freePort();
        while (management == port) {
            management = freePort();
        }
        this.managementPort = management;
        this.main = new Main(App.class);
        // only the built-in defaults and what is set here: no config/*.properties, no environment, no -D
        set("camel.main.fileConfigurations", folder.resolve("no-config").toAbsolutePath() + "/*.properties");
        set("camel.component.properties.environmentVariableMode", "0");
        set("camel.component.properties.systemPropertiesMode", "0");
        set("camel.main.autoConfigurationEnvironmentVariablesEnabled", "false");
        set("camel.main.autoConfigurationSystemPropertiesEnabled", "false");
        set("camel.main.routesReloadEnabled", "false");
        set("bridge.http-port", String.valueOf(port));
        set("bridge.management-port", String.valueOf(managementPort));
        set("bridge.db.url", "jdbc:h2:file:" + folder.toAbsolutePath().resolve("bridge"));
        set("ghl.base-url", ghlUrl);
        set("ghl.token", DemoGhl.TOKEN);
        set("ghl.location-id", DemoGhl.LOCATION_ID);
        set("ghl.webhook-public-key", keys.ghlPublicKeyPem());
        set("gitlab.base-url", gitlabUrl);
        set("gitlab.token", DemoGitLab.TOKEN);
        set("gitlab.project", DemoGitLab.PROJECT_PATH);
        set("gitlab.group", DemoCrm.GROUP_PATH);
        set("gitlab.webhook-secret", keys.gitlabSecret());
        set("gitlab.trigger-token.provision", DemoPipelines.TRIGGER_TOKEN);
        // the story is told by webhooks; pollers would add calls to the stand-ins that the story does not show
        set("bridge.poll.ghl-contacts.interval-seconds", "0");
        set("bridge.poll.gitlab-issues.interval-seconds", "0");
        set("bridge.poll.ghl-tasks.interval-seconds", "0");
        set("bridge.poll.gitlab-crm-contacts.interval-seconds", "0");
        try {
            set("bridge.mapping-file", DemoMapping.write(folder).toAbsolutePath().toString());
            main.start();
        } catch (Exception e) {
            deleteFolder();
            throw e;
        }
    }

    private void set(String key, String value) {
        main.addOverrideProperty(key, value);
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    String managementUrl(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    Path database() {
        return folder.resolve("bridge");
    }

    /** A setting as the bridge resolved it. */
    String setting(String key) {
        return main.getCamelContext().resolvePropertyPlaceholders("{{" + key + "}}");
    }

    /** One run of the GitLab CRM contacts poller (flow F7), as its schedule would run it. */
    dev.bridge.poll.Poller.Outcome pollCrmContacts() {
        return main.getCamelContext().getRegistry().lookupByNameAndType("gitlabCrmContactsPoller", dev.bridge.poll.Poller.class).poll();
    }

    /** No event waits in the inbox or runs: whatever the bridge does about the webhooks so far is done. */
    boolean idle() throws SQLException {
        return count("SELECT COUNT(*) FROM inbox WHERE status = 'PENDING'") == 0;
    }

    /** Why the bridge gave up on events (dead letters), if it did. */
    List<String> deadLetters() throws SQLException {
        List<String> reasons = new ArrayList<>();
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT event_type, reason FROM dead_letters ORDER BY id")) {
            while (rs.next()) {
                reasons.add(rs.getString(1) + ": " + rs.getString(2));
            }
        }
        return reasons;
    }

    private long count(String sql) throws SQLException {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private DataSource dataSource() {
        return main.getCamelContext().getRegistry().lookupByNameAndType("bridgeDataSource", DataSource.class);
    }

    @Override
    public void close() throws Exception {
        try {
            main.stop();
        } finally {
            deleteFolder();
        }
    }

    private void deleteFolder() throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
