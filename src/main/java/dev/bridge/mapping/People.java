package dev.bridge.mapping;

/** The mapping file's {@code people} section: which HighLevel user is which GitLab user (task assignees and issue assignees). */
public final class People {

    private static final People NONE = new People();

    private People() {
    }

    /** The section as none were written. */
    public static People none() {
        return NONE;
    }

    /** Reads and checks the section (null when the file has none); problems go to {@code in}, one line each. */
    static People read(Object section, Entries in) {
        return NONE;
    }
}
