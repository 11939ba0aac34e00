package dev.bridge.mapping;

/** The mapping file's {@code onboarding} section: F9: the tasks a new contact gets in HighLevel. */
public final class Onboarding {

    private static final Onboarding NONE = new Onboarding();

    private Onboarding() {
    }

    /** The section as none were written. */
    public static Onboarding none() {
        return NONE;
    }

    /** Reads and checks the section (null when the file has none); problems go to {@code in}, one line each. */
    static Onboarding read(Object section, Entries in) {
        return NONE;
    }
}
