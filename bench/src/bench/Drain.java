package bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

/**
 * The drain after the load: polls the stand-ins' /_stats until each of the mode's done counters reaches the
 * accepted count (distinct keys, so a retried call cannot make it look finished early), or until nothing moved for
 * DRAIN_IDLE s. NODRAIN=1 stops at once: the report then says the drain did not complete.
 */
final class Drain {

    private static final ObjectMapper JSON = new ObjectMapper();

    final Mode mode;
    /** The last stats read. */
    JsonNode stats;
    /** Per done counter, when it reached the accepted count (nanoTime), or -1. */
    final long[] doneAt;
    long lastProgress;
    /** Distinct keys done when the load ended, and at the last progress. */
    final long atLoadEnd;
    long atProgress;

    private Drain(Mode mode, JsonNode stats) {
        this.mode = mode;
        this.stats = stats;
        this.doneAt = new long[mode.doneKeys.size()];
        Arrays.fill(doneAt, -1);
        this.atLoadEnd = distinct();
        this.atProgress = atLoadEnd;
        this.lastProgress = System.nanoTime();
    }

    static Drain await(Mode mode, HttpClient http, URI statsUri, long accepted, int idleSeconds) throws Exception {
        Drain d = new Drain(mode, JSON.readTree(get(http, statsUri)));
        long lastSeen = -1;
        while (true) {
            long now = System.nanoTime(), seen = 0;
            for (int k = 0; k < d.doneAt.length; k++) {
                long n = d.stats.path(mode.doneKeys.get(k)).asLong();
                seen += n;
                if (d.doneAt[k] < 0 && n >= accepted) {
                    d.doneAt[k] = now;
                }
            }
            if (d.complete() || System.getenv("NODRAIN") != null) {
                return d;
            }
            if (seen != lastSeen) {
                lastSeen = seen;
                d.lastProgress = now;
                d.atProgress = d.distinct();
            } else if (now - d.lastProgress > idleSeconds * 1_000_000_000L) {
                return d;
            }
            Thread.sleep(200);
            d.stats = JSON.readTree(get(http, statsUri));
        }
    }

    boolean complete() {
        return Arrays.stream(doneAt).allMatch(t -> t >= 0);
    }

    /** When the last done counter got there, or the last progress when the drain did not complete. */
    long end() {
        return complete() ? Arrays.stream(doneAt).max().orElse(lastProgress) : lastProgress;
    }

    long distinct() {
        return stats.path(mode.distinctKey).asLong();
    }

    long stat(String key) {
        return stats.path(key).asLong();
    }

    static String get(HttpClient http, URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
