package dev.bridge.mapping;

/** The mapping file's {@code pipelines.triggers} section: F11: which contact tags trigger which pipeline, with which ref and variables. */
public final class PipelineTriggers {

    private static final PipelineTriggers NONE = new PipelineTriggers();

    private PipelineTriggers() {
    }

    /** The section as none were written. */
    public static PipelineTriggers none() {
        return NONE;
    }

    /** Reads and checks the section (null when the file has none); problems go to {@code in}, one line each. */
    static PipelineTriggers read(Object section, Entries in) {
        return NONE;
    }
}
