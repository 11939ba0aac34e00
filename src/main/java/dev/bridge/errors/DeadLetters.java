package dev.bridge.errors;

import dev.bridge.inbox.InboxClaims;
import dev.bridge.inbox.InboxDispatcher;
import dev.bridge.metrics.BridgeMetrics;
import dev.bridge.routes.KameletParents;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Events a flow gave up on, with the reason; they can be replayed into the inbox or discarded. */
public final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    /** How long a replay or discard waits for the dispatcher to mark a just-written dead letter's row DEAD. */
    private static final long DEAD_WAIT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(3);

    private final DataSource dataSource;
    private final Redactor redactor;
    private final InboxClaims claims;
    private final BridgeMetrics metrics;

    public DeadLetters(DataSource dataSource, Redactor redactor, InboxClaims claims, BridgeMetrics metrics) {
        this.metrics = metrics;
        this.dataSource = dataSource;
        this.redactor = redactor;
        this.claims = claims;
    }

    /** Error-handler endpoint for failures no retry can fix: stores the event and tells the dispatcher it is dead. */
    public void record(Exchange exchange) throws SQLException {
        recordWithPreface(exchange, null);
    }

    /** Stores the failed event with the reason (after {@code preface}, when given) and the last HTTP answer, redacted. */
    public void recordWithPreface(Exchange exchange, String preface) throws SQLException {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Integer status = null;
        String response = null;
        String reason = (preface == null ? "" : preface) + Failures.describe(cause);
        HttpOperationFailedException http = HttpAnswers.in(cause);
        if (http != null) {
            status = http.getStatusCode();
            response = http.getResponseBody();
        }
        Long inboxId = exchange.getMessage().getHeader(InboxDispatcher.INBOX_ID, Long.class);
        String eventType = exchange.getMessage().getHeader(InboxDispatcher.EVENT_TYPE, String.class);
        // a flow receives its events through its trigger Kamelet's route, and fails in its actions' routes: name the flow
        String flow = KameletParents.flowOf(exchange.getContext(), exchange.getFromRouteId());
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO dead_letters (inbox_id, flow, source, event_type, payload, http_status, "
                     + "response_body, reason, status, created_at) VALUES (?,?,?,?,?,?,?,?,'NEW',?)")) {
            if (inboxId == null) {
                ps.setNull(1, Types.BIGINT);
            } else {
                ps.setLong(1, inboxId);
            }
            ps.setString(2, flow);
            ps.setString(3, eventType == null ? null : eventType.replaceAll("\\..*", ""));
            ps.setString(4, eventType);
            ps.setString(5, redactor.redact(exchange.getProperty(InboxDispatcher.EVENT_PROPERTY, String.class)));
            if (status == null) {
                ps.setNull(6, Types.INTEGER);
            } else {
                ps.setInt(6, status);
            }
            ps.setString(7, truncate(redactor.redact(response), 8000));
            ps.setString(8, truncate(redactor.redact(reason), 2000));
            ps.setTimestamp(9, new Timestamp(System.currentTimeMillis()));
            ps.executeUpdate();
        }
        exchange.setProperty(InboxDispatcher.DEAD_LETTER_PROPERTY, true);
        metrics.deadLetter();
        LOG.warn("Flow {} gave up on event {} ({}): {}", flow, inboxId, eventType, redactor.redact(reason));
    }

    public List<Map<String, Object>> list(String status, int limit) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, inbox_id, flow, event_type, http_status, response_body, reason, status, created_at, payload "
                     + "FROM dead_letters WHERE status = ? ORDER BY id FETCH FIRST ? ROWS ONLY")) {
            ps.setString(1, status);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", rs.getLong(1));
                    row.put("inboxId", rs.getObject(2));
                    row.put("flow", rs.getString(3));
                    row.put("eventType", rs.getString(4));
                    row.put("httpStatus", rs.getObject(5));
                    row.put("responseBody", rs.getString(6));
                    row.put("reason", rs.getString(7));
                    row.put("status", rs.getString(8));
                    row.put("createdAt", rs.getTimestamp(9).toInstant().toString());
                    row.put("event", rs.getString(10));
                    out.add(row);
                }
            }
        }
        return out;
    }

    /** What became of a replay or discard: done, no such open dead letter, or refused for now with the reason. */
    public record Resolution(Outcome outcome, String reason) {
    }

    public enum Outcome { DONE, NOT_OPEN, NOT_NOW }

    /** Puts the event back into the inbox. */
    public Resolution replay(long id) throws SQLException, InterruptedException {
        return resolve(id, "REPLAYED", claims::reopenDead, false);
    }

    /** Drops the event for good; the later events of its pair go ahead without it. A letter whose event finished since is just closed. */
    public Resolution discard(long id) throws SQLException, InterruptedException {
        return resolve(id, "DISCARDED", claims::discard, true);
    }

    private interface InboxChange {
        int apply(Connection c, long inboxId) throws SQLException;
    }

    /**
     * Changes the dead letter and its inbox row in one transaction, only while the row is DEAD. The dispatcher marks the
     * row DEAD just after the flow wrote the dead letter: an action in between waits for it a moment, instead of
     * marking the letter done while its event stays dead for good. Every open dead letter of the event goes with it.
     */
    private Resolution resolve(long id, String newStatus, InboxChange change, boolean closesFinished) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + DEAD_WAIT_NANOS;
        while (true) {
            String inboxStatus;
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    Letter letter = openLetter(c, id);
                    if (letter == null || letter.inboxId() == null) {
                        c.rollback();
                        return letter == null ? new Resolution(Outcome.NOT_OPEN, "no open dead letter " + id)
                                : new Resolution(Outcome.NOT_NOW, "dead letter " + id + " has no inbox event");
                    }
                    long inboxId = letter.inboxId();
                    inboxStatus = claims.status(c, inboxId);
                    if (change.apply(c, inboxId) == 1 || (closesFinished && !"PENDING".equals(inboxStatus) && !"DEAD".equals(inboxStatus))) {
                        try (PreparedStatement ps = c.prepareStatement("UPDATE dead_letters SET status = ?, resolved_at = ? WHERE inbox_id = ? AND status = 'NEW'")) {
                            ps.setString(1, newStatus);
                            ps.setTimestamp(2, new Timestamp(System.currentTimeMillis()));
                            ps.setLong(3, inboxId);
                            ps.executeUpdate();
                        }
                        c.commit();
                        return new Resolution(Outcome.DONE, null);
                    }
                    c.rollback();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            }
            if (!"PENDING".equals(inboxStatus) || System.nanoTime() > deadline) {
                return new Resolution(Outcome.NOT_NOW, "the event of dead letter " + id + (inboxStatus == null ? " is no longer in the inbox"
                        : " is " + inboxStatus + " in the inbox, not DEAD") + ("PENDING".equals(inboxStatus) ? ": it is still running; try again shortly"
                        : ": nothing to replay; discard the letter"));
            }
            Thread.sleep(50);
        }
    }

    private record Letter(Long inboxId) {
    }

    /** An open (NEW) dead letter, locked, with its inbox row; null when there is none. */
    private static Letter openLetter(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT inbox_id FROM dead_letters WHERE id = ? AND status = 'NEW' FOR UPDATE")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long inboxId = rs.getLong(1);
                return new Letter(rs.wasNull() ? null : inboxId);
            }
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
