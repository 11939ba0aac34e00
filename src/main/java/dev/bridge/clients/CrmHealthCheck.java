package dev.bridge.clients;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/**
 * Whether GitLab CRM answers in GITLAB_GROUP. GitLab CRM off (or no right) stops flow F6 only, not the bridge:
 * the check then reports UNKNOWN with the reason, so the bridge as a whole stays ready.
 */
public final class CrmHealthCheck extends AbstractHealthCheck {

    private final CrmStatus status;
    private final String notConfigured;

    /** @param notConfigured the reason CRM contacts cannot be synced at all (a missing setting), or null */
    public CrmHealthCheck(CrmStatus status, String notConfigured) {
        super("bridge", "gitlab-crm");
        this.status = status;
        this.notConfigured = notConfigured;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (notConfigured != null) {
            builder.message(notConfigured).unknown();
            return;
        }
        Boolean available = status.available();
        if (available == null) {
            builder.message("not called yet").unknown();
        } else if (available && status.activeUnsupported()) {
            // an UP check shows no message: a feature GitLab lacks is worth seeing
            builder.message("GitLab CRM answers, but this GitLab has no 'active' argument: contacts deleted in HighLevel stay active in GitLab").unknown();
        } else if (available) {
            builder.up();
        } else {
            builder.message(status.reason()).unknown();
        }
    }
}
