package dev.bridge.mapping;

/** The mapping file's {@code pipelines} section: F10 and F11: the pipelines the CRM triggers and the pipeline and merge request results that reach contacts. */
public final class Pipelines {

    private static final Pipelines NONE = new Pipelines();

    private Pipelines() {
    }

    /** The section as none were written. */
    public static Pipelines none() {
        return NONE;
    }

    /** Reads and checks the section (null when the file has none); problems go to {@code in}, one line each. */
    static Pipelines read(Object section, Entries in) {
        return NONE;
    }
}
