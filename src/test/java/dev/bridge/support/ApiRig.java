package dev.bridge.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.bridge.clients.ApiClient;
import dev.bridge.config.Database;
import org.apache.camel.impl.DefaultCamelContext;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The engine's parts without the whole bridge, for a class tested on its own: a real H2 file database with the
 * bridge's schema, a WireMock stand-in for an API, and an {@link ApiClient} on a real Camel context calling it.
 */
public final class ApiRig implements AutoCloseable {

    public final DataSource ds;
    public final WireMockServer server;
    public final ApiClient api;
    private final DefaultCamelContext camel;

    public ApiRig(Path dir) {
        ds = Database.open("jdbc:h2:file:" + dir.resolve("bridge"), "sa", "");
        server = new WireMockServer(options().dynamicPort());
        server.start();
        camel = new DefaultCamelContext();
        camel.start();
        api = new ApiClient(camel, server.baseUrl(), Map.of(), null);
    }

    @Override
    public void close() {
        camel.stop();
        server.stop();
        Database.close(ds);
    }
}
