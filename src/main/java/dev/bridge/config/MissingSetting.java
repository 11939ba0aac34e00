package dev.bridge.config;

/** A flow needs a setting that is not configured; the event goes to dead letters with this reason. */
public class MissingSetting extends RuntimeException {

    public MissingSetting(String message) {
        super(message, null, false, false);
    }
}
