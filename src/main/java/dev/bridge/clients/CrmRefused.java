package dev.bridge.clients;

/**
 * GitLab CRM refused for good in a GraphQL answer (CRM off, no right, a validation error such as "Email has
 * already been taken"), or the bridge will not guess (an ambiguous match): the event becomes a dead letter.
 */
public final class CrmRefused extends ApiRejected {

    public CrmRefused(String reason) {
        super(reason);
    }
}
