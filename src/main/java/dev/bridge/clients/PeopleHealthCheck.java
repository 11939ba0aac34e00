package dev.bridge.clients;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Whether every GitLab user the mapping's {@code people} section named so far is visible to the token. One that is not
 * stops only its assignees, not the bridge: the check then reports UNKNOWN with the entries and the fix, so the
 * bridge as a whole stays ready.
 */
public final class PeopleHealthCheck extends AbstractHealthCheck {

    private final Assignees assignees;

    public PeopleHealthCheck(Assignees assignees) {
        super("bridge", "people");
        this.assignees = assignees;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Map<String, String> unseen = assignees.unseen();
        if (unseen.isEmpty()) {
            builder.up();
        } else {
            builder.message(unseen.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; "))).unknown();
        }
    }
}
