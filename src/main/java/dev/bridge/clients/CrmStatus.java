package dev.bridge.clients;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

/**
 * What the bridge knows about GitLab CRM in GITLAB_GROUP: unknown until the first call, then available or not
 * (CRM off for the group, or the token lacks the right). A change is logged once, not on every event.
 */
public final class CrmStatus {

    private static final Logger LOG = LoggerFactory.getLogger(CrmStatus.class);

    private volatile Boolean available;
    private volatile String reason;
    private volatile boolean activeUnsupported;

    /** null: not called yet. */
    public Boolean available() {
        return available;
    }

    public String reason() {
        return reason;
    }

    public boolean activeUnsupported() {
        return activeUnsupported;
    }

    void ok() {
        if (!Boolean.TRUE.equals(available)) {
            if (Boolean.FALSE.equals(available)) {
                LOG.info("GitLab CRM answers again in the configured group");
            }
            available = true;
            reason = null;
        }
    }

    synchronized void unavailable(String why) {
        if (!Boolean.FALSE.equals(available) || !Objects.equals(reason, why)) {
            LOG.warn("GitLab CRM is unavailable: {}; contact events go to dead letters until this is fixed, then replay them", why);
        }
        available = false;
        reason = why;
    }

    synchronized void noActiveFlag() {
        if (!activeUnsupported) {
            LOG.warn("This GitLab does not know the CRM contact's 'active' argument: contacts deleted in HighLevel stay active in GitLab");
        }
        activeUnsupported = true;
    }
}
