package dev.bridge.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Every call the bridge made to a stand-in, in order; the story prints them step by step. */
final class CallLog {

    /** One request and the status a stand-in answered; {@code problem} says why when it was refused. */
    record Call(String side, String method, String path, int status, String problem) {

        boolean refused() {
            return status >= 400;
        }

        @Override
        public String toString() {
            return "bridge -> " + String.format("%-9s", side) + "  " + method + " " + path + "  " + status + (problem == null ? "" : "  (" + problem + ")");
        }
    }

    private final List<Call> calls = new ArrayList<>();
    private final PrintStream alerts;
    private boolean live;

    /** @param alerts where a refused call is reported the moment it happens */
    CallLog(PrintStream alerts) {
        this.alerts = alerts;
    }

    /** From now on every call is printed as it happens (the story prints them step by step instead). */
    synchronized void printEveryCall() {
        live = true;
    }

    synchronized void add(Call call) {
        calls.add(call);
        if (live) {
            alerts.println(call);
        } else if (call.refused()) {
            alerts.println("  ! the " + call.side() + " stand-in refused a call: " + call.method() + " " + call.path() + " -> "
                    + call.status() + " " + call.problem());
        }
    }

    /** A position to read from later: the calls made after it are what one step made the bridge do. */
    synchronized int mark() {
        return calls.size();
    }

    synchronized List<Call> since(int mark) {
        return List.copyOf(calls.subList(mark, calls.size()));
    }

    synchronized List<Call> refused() {
        return calls.stream().filter(Call::refused).toList();
    }
}
