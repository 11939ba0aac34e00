package dev.bridge.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Tells the story's steps: headings and plain lines, webhooks delivered to the bridge with its answer, the calls the
 * bridge made for them, and waiting (at most {@link DemoStory#TIMEOUT_SECONDS} s) until a step's result is there.
 */
final class Narrator {

    private final PrintStream out;
    private final DemoBridge bridge;
    private final CallLog log;
    /** Every call the bridge made about an echo (a webhook about its own change): none is right. */
    private final List<CallLog.Call> echoCalls = new ArrayList<>();
    private String step;

    Narrator(PrintStream out, DemoBridge bridge, CallLog log) {
        this.out = out;
        this.bridge = bridge;
        this.log = log;
    }

    PrintStream out() {
        return out;
    }

    CallLog log() {
        return log;
    }

    List<CallLog.Call> echoCalls() {
        return List.copyOf(echoCalls);
    }

    void heading(String text) {
        step = text.substring(0, text.indexOf(':'));
        out.println();
        out.println(text);
    }

    void say(String text) {
        out.println("  " + text);
    }

    void deliver(String what, Callable<DemoWebhooks.BridgeAnswer> send) throws Exception {
        DemoWebhooks.BridgeAnswer answer = send.call();
        out.println("  " + what + ": answered " + answer.status() + " " + answer.body());
        if (!answer.accepted()) {
            throw new DemoStory.StepFailed(step + ": the bridge did not accept the webhook (" + answer.status() + " " + answer.body() + ")");
        }
    }

    /** A webhook about the bridge's own change, as the real service would send it: the bridge must leave it at that. */
    void echo(String what, Callable<DemoWebhooks.BridgeAnswer> send) throws Exception {
        int mark = log.mark();
        deliver(what, send);
        await("the bridge to finish with it", bridge::idle, () -> "it is still in the inbox");
        List<CallLog.Call> calls = log.since(mark);
        echoCalls.addAll(calls);
        out.println(calls.isEmpty() ? "    the bridge sees its own change coming back and makes no call" : "    the bridge made these calls:");
        calls.forEach(c -> out.println("    " + c));
    }

    /** Waits until the bridge is idle, prints the calls it made since {@code mark}, and stops on a dead letter. */
    void settle(int mark) throws Exception {
        await("the bridge to finish the event", bridge::idle, () -> "an event is still in the inbox");
        log.since(mark).forEach(c -> out.println("  " + c));
        List<String> dead = bridge.deadLetters();
        if (!dead.isEmpty()) {
            throw new DemoStory.StepFailed(step + ": the bridge gave up on an event: " + dead.get(0));
        }
    }

    void await(String what, Callable<Boolean> done, Supplier<String> state) throws Exception {
        long deadline = System.nanoTime() + DemoStory.TIMEOUT_SECONDS * 1_000_000_000L;
        while (!done.call()) {
            List<String> dead = bridge.deadLetters();
            if (!dead.isEmpty()) {
                throw new DemoStory.StepFailed(step + ": the bridge gave up on an event: " + dead.get(0));
            }
            if (System.nanoTime() > deadline) {
                throw new DemoStory.StepFailed(step + " did not complete within " + DemoStory.TIMEOUT_SECONDS + " s: waited for "
                        + what + ", but " + state.get());
            }
            Thread.sleep(50);
        }
    }
}
