package dev.bridge.errors;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** Removes configured secrets and anything shaped like a token from text that is stored or shown. */
public final class Redactor {

    private static final Pattern TOKEN_SHAPES = Pattern.compile(
            "(gl(?:pat|ptt)-[0-9A-Za-z_-]{8,}|pit-[0-9A-Za-z-]{8,}|whsec_[0-9A-Za-z+/=]{8,}|(?i)bearer\\s+[0-9A-Za-z._~+/=-]{8,})");

    private final List<String> secrets;

    public Redactor(List<String> secrets) {
        this.secrets = secrets.stream().filter(Objects::nonNull).filter(s -> s.length() >= 4).toList();
    }

    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, "[REDACTED]");
        }
        return TOKEN_SHAPES.matcher(out).replaceAll("[REDACTED]");
    }
}
