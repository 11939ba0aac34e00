package dev.bridge.links;

/** Small text helpers for flows written in YAML. */
public final class Texts {

    /** The part of a text before a heading the bridge wrote (for example its contact block), trimmed. */
    public String before(Object text, String heading) {
        if (text == null) {
            return "";
        }
        String s = text.toString();
        int at = heading == null || heading.isEmpty() ? -1 : s.indexOf(heading);
        return (at < 0 ? s : s.substring(0, at)).strip();
    }

    /** Joins non-blank parts with a separator, so a missing field leaves no dangling punctuation. */
    public String join(String separator, Object... parts) {
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
