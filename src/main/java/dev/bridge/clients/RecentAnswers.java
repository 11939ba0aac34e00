package dev.bridge.clients;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Answers of an API kept in memory for a while, at most {@code capacity} of them (the least recently used go first).
 * "Nobody" is an answer too ({@code null}), so a user the token cannot see costs one call per period, not one per event.
 * Calls are not made under the lock: two events asking at once may both call, which is harmless for reads.
 */
public final class RecentAnswers<K, V> {

    private record Entry<V>(Optional<V> value, long until) {
    }

    private final int capacity;
    private final Duration keep;
    private final Clock clock;
    private final Map<K, Entry<V>> entries;

    public RecentAnswers(int capacity, Duration keep, Clock clock) {
        this.capacity = capacity;
        this.keep = keep;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
                return size() > RecentAnswers.this.capacity;
            }
        };
    }

    /** The kept answer for {@code key}, else {@code ask}'s: kept when it is someone, and "nobody" too when {@code keepNobody}. */
    public V get(K key, Function<K, V> ask, boolean keepNobody) {
        long now = clock.millis();
        synchronized (entries) {
            Entry<V> e = entries.get(key);
            if (e != null && e.until() > now) {
                return e.value().orElse(null);
            }
        }
        V answer = ask.apply(key);
        if (answer != null || keepNobody) {
            synchronized (entries) {
                entries.put(key, new Entry<>(Optional.ofNullable(answer), now + keep.toMillis()));
            }
        }
        return answer;
    }
}
