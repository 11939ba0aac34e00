package dev.bridge.webhook;

import java.util.Locale;

/** Which request bodies the receivers refuse by their Content-Type alone, before anything reads them. */
final class ContentTypes {

    private ContentTypes() {
    }

    /**
     * The reason for a 415, or null when the body may be read. Form and multipart bodies are refused: the HTTP
     * server would parse them into message headers and files instead of handing over the raw bytes the signature
     * covers. Anything else (including no Content-Type) is read and must then parse as a JSON object.
     */
    static String refusal(String contentType) {
        if (contentType == null) {
            return null;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (type.equals("application/x-www-form-urlencoded") || type.startsWith("multipart/")) {
            String shown = type.length() > 80 ? type.substring(0, 80) + "..." : type;
            return "Content-Type " + shown + " is not accepted: send the JSON event with Content-Type: application/json";
        }
        return null;
    }
}
