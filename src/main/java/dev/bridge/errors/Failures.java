package dev.bridge.errors;

import dev.bridge.clients.ApiClient;
import dev.bridge.clients.ApiRejected;
import dev.bridge.config.MissingSetting;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.io.IOException;
import java.sql.SQLException;

/** Which failures are worth another attempt later, and which no retry can fix. */
public final class Failures {

    private Failures() {
    }

    /**
     * Retryable: the other side was unreachable, slow, busy or failing (I/O, timeouts, 5xx, 408, 429), our
     * database hiccupped, a flow is being reloaded, or the object is not visible yet. Everything else (a
     * refusal for good, a missing setting, an error in a flow) is permanent: it goes to dead letters at once.
     */
    public static boolean isTransient(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof ApiRejected || c instanceof MissingSetting) {
                return false;
            }
            if (c instanceof HttpOperationFailedException || c instanceof IOException || c instanceof SQLException
                    || c instanceof ApiClient.ApiCallFailed || c instanceof DirectConsumerNotAvailableException
                    || c instanceof RetryableFailure) {
                return true;
            }
        }
        return false;
    }

    /** One line about a failure, for logs and dead letters (callers redact it). */
    public static String describe(Throwable failure) {
        HttpOperationFailedException http = HttpAnswers.in(failure);
        if (http != null) {
            String meaning = null;
            for (Throwable c = failure; c != null && meaning == null; c = c.getCause()) {
                meaning = c instanceof ApiRejected r ? r.meaning() : null;
            }
            return "HTTP " + http.getStatusCode() + " from " + http.getUri().replaceAll("\\?.*", "") + (meaning == null ? "" : ": " + meaning);
        }
        return failure == null ? "unknown failure" : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    /** A failure that a later attempt may not meet (the object is not visible yet, say). */
    public static class RetryableFailure extends RuntimeException {
        public RetryableFailure(String message) {
            super(message, null, false, false);
        }
    }
}
