package dev.bridge.support;

import java.time.Duration;

/** Polls for a condition instead of sleeping; fails with the condition's name after a generous limit. */
public final class Await {

    public interface Condition {
        boolean met() throws Exception;
    }

    private Await() {
    }

    public static void until(String what, Condition condition) throws Exception {
        until(what, Duration.ofSeconds(30), condition);
    }

    public static void until(String what, Duration limit, Condition condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.met()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }
}
