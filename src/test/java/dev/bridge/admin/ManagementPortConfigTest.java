package dev.bridge.admin;

import dev.bridge.config.ConfigProblem;
import dev.bridge.support.TestBridge;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The management port may not be the webhook port: health, metrics and admin would face the internet. */
class ManagementPortConfigTest {

    @Test
    void the_same_port_for_webhooks_and_management_stops_the_start() throws Exception {
        Map<String, String> p = TestBridge.defaults("http://127.0.0.1:9", "http://127.0.0.1:9");
        p.put("bridge.management-port", p.get("bridge.http-port"));

        Exception e = assertThrows(Exception.class, () -> TestBridge.start(p).close());
        ConfigProblem problem = ConfigProblem.find(e);
        assertNotNull(problem, e.toString());
        assertTrue(problem.getMessage().contains("BRIDGE_MANAGEMENT_PORT equals BRIDGE_HTTP_PORT"), problem.getMessage());
    }
}
