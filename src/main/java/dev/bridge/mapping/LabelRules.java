package dev.bridge.mapping;

/** The mapping file's {@code labelRules} section: what happens in HighLevel when a label is added to (or removed from) a linked issue. */
public final class LabelRules {

    private static final LabelRules NONE = new LabelRules();

    private LabelRules() {
    }

    /** The section as none were written. */
    public static LabelRules none() {
        return NONE;
    }

    /** Reads and checks the section (null when the file has none); problems go to {@code in}, one line each. */
    static LabelRules read(Object section, Entries in) {
        return NONE;
    }
}
