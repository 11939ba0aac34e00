package dev.bridge.links;

/** The text a person wrote, without what the bridge added around it. */
public final class Texts {

    private Texts() {
    }

    /** The part of a text before a heading the bridge wrote (for example its contact block), trimmed. */
    public static String before(Object text, String heading) {
        if (text == null) {
            return "";
        }
        String s = text.toString().replace("\r\n", "\n");
        int at = heading == null || heading.isEmpty() ? -1 : s.indexOf(heading);
        return (at < 0 ? s : s.substring(0, at)).strip();
    }

    /** The part of a text before the last line that starts with {@code label} (the issue-URL line), trimmed. */
    public static String beforeLast(Object text, String label) {
        if (text == null) {
            return "";
        }
        String s = text.toString().replace("\r\n", "\n");
        int at = label == null || label.isEmpty() ? -1 : s.lastIndexOf(label);
        return (at < 0 ? s : s.substring(0, at)).strip();
    }

    /** Joins non-blank parts with a separator, so a missing field leaves no dangling punctuation. */
    public static String join(String separator, Object... parts) {
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            if (p != null && !p.toString().isBlank()) {
                if (sb.length() > 0) {
                    sb.append(separator);
                }
                sb.append(p.toString().strip());
            }
        }
        return sb.toString();
    }
}
