package dev.bridge.validate;

/**
 * One finding of {@code validate}, printed as exactly one line:
 * {@code [warning: ]<file>[:<line>]: <entry>: <problem>; <fix>}.
 */
public record Problem(String file, int line, String entry, String text, boolean warning) {

    public static Problem error(String file, int line, String entry, String text) {
        return new Problem(file, line, entry, text, false);
    }

    public static Problem warning(String file, int line, String entry, String text) {
        return new Problem(file, line, entry, text, true);
    }

    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line : file;
        String lineText = (warning ? "warning: " : "") + where + ": " + (entry == null || entry.isEmpty() ? "" : entry + ": ") + text;
        return lineText.replace("\r", "").replace('\n', ' ');
    }
}
