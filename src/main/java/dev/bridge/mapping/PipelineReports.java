package dev.bridge.mapping;

/** The mapping file's {@code pipelines.reports} section: F10: which pipeline and merge request results reach the contacts they concern, and as what. */
public final class PipelineReports {

    private static final PipelineReports NONE = new PipelineReports();

    private PipelineReports() {
    }

    /** The section as none were written. */
    public static PipelineReports none() {
        return NONE;
    }

    /** Reads and checks the section (null when the file has none); problems go to {@code in}, one line each. */
    static PipelineReports read(Object section, Entries in) {
        return NONE;
    }
}
