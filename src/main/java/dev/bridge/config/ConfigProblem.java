package dev.bridge.config;

/** A user mistake in configuration: its message is one line naming the key and the fix. */
public class ConfigProblem extends RuntimeException {

    public ConfigProblem(String message) {
        super(message, null, false, false);
    }

    /** The first ConfigProblem in a cause chain, or null. */
    public static ConfigProblem find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConfigProblem p) {
                return p;
            }
        }
        return null;
    }
}
