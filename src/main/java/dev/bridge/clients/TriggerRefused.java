package dev.bridge.clients;

import org.apache.camel.http.base.HttpOperationFailedException;

/** GitLab refused a pipeline trigger for good; the dead letter says what the status means for a trigger and what to fix. */
final class TriggerRefused extends ApiRejected {

    TriggerRefused(String call, String trigger, HttpOperationFailedException answer) {
        super(call, answer, meaning(trigger, answer.getStatusCode()));
    }

    static String meaning(String trigger, int status) {
        String key = "gitlab.trigger-token." + trigger;
        return switch (status) {
            case 403 -> "GitLab refuses this trigger: either it came from a Pipeline event webhook (GitLab's loop guard blocks triggers made "
                    + "in answer to pipeline events) or the trigger token's owner may not run pipelines on this ref; not retried";
            case 404 -> "the trigger token (" + key + ") or the project is wrong: GitLab answers 404 for a token of another project, a personal "
                    + "access token, or a project it cannot find; fix it and replay";
            case 400 -> "the ref does not exist, or the project's CI rules (workflow:rules) create no pipeline for source trigger; "
                    + "fix the trigger's ref or the rules and replay";
            case 401 -> "the trigger token (" + key + ") is not valid; set a current token and replay";
            default -> null;
        };
    }
}
