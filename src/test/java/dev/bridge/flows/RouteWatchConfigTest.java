package dev.bridge.flows;

import dev.bridge.config.ConfigProblem;
import dev.bridge.support.TestBridge;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The watcher of routes/ is configured like every other key: a mistake stops the start with one line. */
class RouteWatchConfigTest {

    private static String refusal(Map<String, String> p) {
        Exception e = assertThrows(Exception.class, () -> TestBridge.start(p).close());
        ConfigProblem problem = ConfigProblem.find(e);
        assertNotNull(problem, e.toString());
        return problem.getMessage();
    }

    @Test
    void a_watch_setting_that_is_not_true_or_false_stops_the_start() throws Exception {
        Map<String, String> p = TestBridge.defaults("http://127.0.0.1:9", "http://127.0.0.1:9");
        p.put("bridge.routes.watch", "sometimes");
        String line = refusal(p);
        assertTrue(line.contains("BRIDGE_ROUTES_WATCH is 'sometimes': use true or false"), line);
    }

    @Test
    void a_watch_interval_out_of_range_stops_the_start() throws Exception {
        Map<String, String> p = TestBridge.defaults("http://127.0.0.1:9", "http://127.0.0.1:9");
        p.put("bridge.routes.watch-interval-ms", "5");
        String line = refusal(p);
        assertTrue(line.contains("BRIDGE_ROUTES_WATCH_INTERVAL_MS is '5': use a whole number from 100 to 60000"), line);
    }

    @Test
    void camels_own_reload_and_the_watcher_together_stop_the_start() throws Exception {
        Map<String, String> p = TestBridge.defaults("http://127.0.0.1:9", "http://127.0.0.1:9");
        p.put("bridge.routes.watch", "true");
        p.put("camel.main.routesReloadEnabled", "true");
        String line = refusal(p);
        assertTrue(line.contains("camel.main.routesReloadEnabled and BRIDGE_ROUTES_WATCH are both on"), line);
    }
}
