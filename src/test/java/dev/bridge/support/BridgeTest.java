package dev.bridge.support;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.function.Consumer;

/**
 * A test class that runs the real bridge once, against WireMock stand-ins for GHL and GitLab.
 * Each subclass starts it in its own {@code @BeforeAll} with {@link #startBridge}; it is stopped after the class.
 */
public abstract class BridgeTest {

    @RegisterExtension
    protected static WireMockExtension ghl = Stubs.server();
    @RegisterExtension
    protected static WireMockExtension gitlab = Stubs.server();

    protected static TestBridge bridge;
    protected static Webhooks webhooks;

    /** Starts the bridge with the test defaults, changed by {@code settings} (for example a shorter timeout). */
    protected static void startBridge(Consumer<Map<String, String>> settings) throws Exception {
        Map<String, String> p = TestBridge.defaults(ghl.baseUrl(), gitlab.baseUrl());
        settings.accept(p);
        bridge = TestBridge.start(p);
        webhooks = new Webhooks(bridge);
    }

    /** Every test starts with empty stand-ins, except that GHL knows the fixtures' contact and its tasks. */
    @BeforeEach
    void resetStandIns() {
        ghl.resetAll();
        gitlab.resetAll();
        Stubs.ghlContact(ghl);
        Stubs.ghlTasks(ghl);
    }

    /** Stops the bridge and starts it again on the same database and port. */
    protected static void restartBridge() throws Exception {
        bridge = bridge.restart();
        webhooks = new Webhooks(bridge);
    }

    @AfterAll
    protected static void stopBridge() throws Exception {
        if (bridge != null) {
            bridge.close();
            bridge = null;
        }
    }
}
