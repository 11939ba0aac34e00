package dev.bridge.effects;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The journal of effects the bridge causes at most once (a pipeline trigger per tag event, an onboarding task per
 * contact, a rule's note per label event). STARTED is committed before the call and DONE with the result after it.
 * An attempt that finds DONE gets the recorded result without a call; one that finds STARTED (an earlier attempt
 * timed out or crashed, maybe after the other side acted) first asks its {@link Finder} to look for the effect there.
 */
public final class Effects {

    /** Looks on the other side for an effect an earlier attempt may have caused since {@code startedAt}; null if none. */
    @FunctionalInterface
    public interface Finder {
        Map<String, Object> find(Instant startedAt);
    }

    /**
     * The same, told what every attempt sent (its mark: a note's text fingerprint), as what a retry would send may
     * differ from what an earlier attempt did send (the contact was renamed, the mapping edited).
     */
    @FunctionalInterface
    public interface MarkedFinder {
        Map<String, Object> find(Instant startedAt, Set<String> sent);
    }

    /** Causes the effect; its answer is recorded (keep it small: ids and addresses). */
    @FunctionalInterface
    public interface Action {
        Map<String, Object> run() throws SQLException;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RESULT = 8000;

    private final DataSource dataSource;

    public Effects(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code action} unless the effect {@code key} happened already; either way, its result. */
    public Map<String, Object> once(String key, Finder finder, Action action) throws SQLException {
        return once(key, null, (startedAt, sent) -> finder.find(startedAt), action);
    }

    /** The same, recording {@code mark} (what this attempt sends) before acting, for later attempts' searches. */
    public Map<String, Object> once(String key, String mark, MarkedFinder finder, Action action) throws SQLException {
        for (int tries = 0; ; tries++) {
            Entry entry = read(key);
            if (entry != null && "DONE".equals(entry.state)) {
                return entry.result;
            }
            if (entry != null) {
                Set<String> sent = sent(entry.result);
                if (mark != null) {
                    sent.add(mark);
                }
                Map<String, Object> found = finder.find(entry.startedAt, sent);
                if (found != null) {
                    done(key, found);
                    return found;
                }
                // not found: act again (the STARTED row keeps the first start, so a later search still covers it)
                if (mark != null) {
                    marked(key, sent);
                }
            } else if (!start(key, mark)) {
                if (tries > 2) {
                    throw new SQLException("effect " + key + " is being written by another attempt");
                }
                continue; // another attempt wrote it first: read what it wrote
            }
            Map<String, Object> result = action.run();
            done(key, result == null ? Map.of() : result);
            return result == null ? Map.of() : result;
        }
    }

    /**
     * Whether an effect other than {@code key} recorded {@code id} as what it made: a search that finds it (an older
     * task with the same title; HighLevel's tasks carry no creation date) has found another effect's object.
     */
    public boolean madeForAnother(String key, Object id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM effects WHERE state = 'DONE' AND effect_key <> ? AND result LIKE ?")) {
            ps.setString(1, key);
            ps.setString(2, "%" + JSON.writeValueAsString(Map.of("id", String.valueOf(id))).replace("{", "").replace("}", "") + "%");
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The recorded result of a finished effect, or null. */
    public Map<String, Object> result(String key) throws SQLException {
        Entry entry = read(key);
        return entry != null && "DONE".equals(entry.state) ? entry.result : null;
    }

    /**
     * Records an answer worked out once, in the caller's transaction with the state it moved (KnownSets, F10's build
     * states): every later attempt of the event reads it with {@link #readDone} instead of working it out again.
     */
    public static void recordDone(Connection c, String key, Map<String, Object> result) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO effects (effect_key, state, result, started_at, done_at) VALUES (?, 'DONE', ?, ?, ?)")) {
            Timestamp now = Timestamp.from(Instant.now());
            ps.setString(1, key);
            ps.setString(2, text(result));
            ps.setTimestamp(3, now);
            ps.setTimestamp(4, now);
            ps.executeUpdate();
        }
    }

    /** The answer recorded for {@code key} in the caller's transaction, or null. */
    public static Map<String, Object> readDone(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT result FROM effects WHERE effect_key = ? AND state = 'DONE'")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? parse(rs.getString(1)) : null;
            }
        }
    }

    private record Entry(String state, Map<String, Object> result, Instant startedAt) {
    }

    private Entry read(String key) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT state, result, started_at FROM effects WHERE effect_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Entry(rs.getString(1), parse(rs.getString(2)), rs.getTimestamp(3).toInstant()) : null;
            }
        }
    }

    private static Set<String> sent(Map<String, Object> started) {
        Set<String> sent = new LinkedHashSet<>();
        if (started != null && started.get("sent") instanceof List<?> marks) {
            marks.forEach(m -> sent.add(String.valueOf(m)));
        }
        return sent;
    }

    /** While STARTED, the result column holds what the attempts sent. */
    private void marked(String key, Set<String> sent) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE effects SET result = ? WHERE effect_key = ? AND state = 'STARTED'")) {
            ps.setString(1, text(Map.of("sent", List.copyOf(sent))));
            ps.setString(2, key);
            ps.executeUpdate();
        }
    }

    private boolean start(String key, String mark) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO effects (effect_key, state, started_at, result) VALUES (?, 'STARTED', ?, ?)")) {
            ps.setString(1, key);
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setString(3, mark == null ? null : text(Map.of("sent", List.of(mark))));
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return false; // unique key: written by another attempt
            }
            throw e;
        }
    }

    private void done(String key, Map<String, Object> result) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE effects SET state = 'DONE', result = ?, done_at = ? WHERE effect_key = ?")) {
            ps.setString(1, text(result));
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setString(3, key);
            ps.executeUpdate();
        }
    }

    private static String text(Map<String, Object> result) {
        try {
            String s = JSON.writeValueAsString(result);
            return s.length() <= MAX_RESULT ? s : JSON.writeValueAsString(Map.of("recorded", "the result was too long to keep"));
        } catch (Exception e) {
            return "{}";
        }
    }

    private static Map<String, Object> parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readValue(text, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (Exception e) {
            return Map.of();
        }
    }
}
