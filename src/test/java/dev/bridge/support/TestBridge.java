package dev.bridge.support;

import dev.bridge.App;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The real bridge application, started in this JVM on its own port and H2 file. */
public final class TestBridge implements AutoCloseable {

    private final Main main;
    private final int port;
    private final int managementPort;
    private final Map<String, String> properties;

    private TestBridge(Map<String, String> properties) throws Exception {
        this.properties = properties;
        this.port = Integer.parseInt(properties.get("bridge.http-port"));
        this.managementPort = Integer.parseInt(properties.get("bridge.management-port"));
        this.main = new Main(App.class);
        properties.forEach(main::addOverrideProperty);
        main.start();
    }

    /** Defaults for a test: stand-in base URLs, test keys and tokens, short retry delays. */
    public static Map<String, String> defaults(String ghlBaseUrl, String gitlabBaseUrl) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "test-db", UUID.randomUUID().toString()));
        Map<String, String> p = new LinkedHashMap<>();
        int http = freePort();
        int management = freePort();
        while (management == http) {
            management = freePort();
        }
        p.put("bridge.http-port", String.valueOf(http));
        p.put("bridge.management-port", String.valueOf(management));
        p.put("bridge.db.url", "jdbc:h2:file:" + dir.toAbsolutePath().resolve("bridge"));
        // tests that need the watcher of routes/ turn it on; the others run on the files as they were at start
        p.put("bridge.routes.watch", "false");
        p.put("ghl.base-url", ghlBaseUrl);
        p.put("gitlab.base-url", gitlabBaseUrl);
        p.put("ghl.token", "pit-test-ghl-token-1234");
        p.put("ghl.location-id", "ve9EPM428h8vShlRW1KT");
        p.put("gitlab.token", "glpat-test-gitlab-token-1234");
        p.put("gitlab.project", "42");
        p.put("gitlab.webhook-secret", TestKeys.GITLAB_SECRET);
        p.put("gitlab.webhook-signing-token", TestKeys.GITLAB_SIGNING_TOKEN);
        p.put("ghl.webhook-public-key", TestKeys.ed25519PublicPem());
        p.put("ghl.webhook-rsa-public-key", TestKeys.rsaPublicPem());
        p.put("bridge.retry.initial-delay-ms", "200");
        p.put("bridge.retry.max-delay-ms", "3000");
        p.put("bridge.retry.max-redeliveries", "4");
        p.put("bridge.inbox.poll-interval-ms", "200");
        p.put("bridge.admin-token", "test-admin-token");
        // the pollers' schedules are off: a test that needs one turns it on, or runs a poll itself
        p.put("bridge.poll.ghl-contacts.interval-seconds", "0");
        p.put("bridge.poll.gitlab-issues.interval-seconds", "0");
        p.put("bridge.poll.ghl-tasks.interval-seconds", "0");
        // the stand-ins have no rate limit; GhlPacingTest turns the pacing on
        p.put("ghl.requests-per-10s", "0");
        p.put("gitlab.notes-per-minute", "0");
        p.put("gitlab.pipeline-triggers-per-minute", "0");
        p.put("bridge.poll.gitlab-crm-contacts.interval-seconds", "0");
        return p;
    }

    public static TestBridge start(Map<String, String> properties) throws Exception {
        return new TestBridge(properties);
    }

    /** Starts a new instance on the same database and port: a restart. */
    public TestBridge restart() throws Exception {
        close();
        return new TestBridge(properties);
    }

    public Map<String, String> properties() {
        return properties;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** POST to the admin API with the test's admin token. */
    public java.net.http.HttpResponse<String> adminPost(String path) throws Exception {
        return adminPost(path, "test-admin-token");
    }

    /** POST to the admin API with the given bearer token. */
    public java.net.http.HttpResponse<String> adminPost(String path, String token) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(managementUrl(path)))
                .header("Authorization", "Bearer " + token).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** Runs DDL; false when H2 could not get the table lock this time (the dispatcher polls it). */
    public boolean execute(String sql) {
        try (Connection c = dataSource().getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute(sql);
            return true;
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    /** Health, metrics and the admin API: on the management port, not the webhook port. */
    public String managementUrl(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public DataSource dataSource() {
        return context().getRegistry().lookupByNameAndType("bridgeDataSource", DataSource.class);
    }

    /** One value from the bridge's database, or null. */
    public Object query(String sql, Object... params) throws Exception {
        try (Connection c = dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        }
    }

    public long count(String sql, Object... params) throws Exception {
        Object v = query(sql, params);
        return v == null ? 0 : ((Number) v).longValue();
    }

    /** Waits until every delivery in the inbox is finished (no PENDING rows left). */
    public void awaitInboxDrained() throws Exception {
        Await.until("inbox drained", () -> count("SELECT COUNT(*) FROM inbox WHERE status = 'PENDING'") == 0);
    }

    @Override
    public void close() throws Exception {
        main.stop();
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
