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

    /** Puts the event back into the inbox; returns false when there is no such open dead letter. */
    public boolean replay(long id) throws SQLException {
        Long inboxId = resolve(id, "REPLAYED");
        if (inboxId == null) {
            return false;
        }
        claims.reopen(List.of(inboxId), "DEAD");
        return true;
    }

    /** Drops the event for good; the later events of its pair go ahead without it. */
    public boolean discard(long id) throws SQLException {
        Long inboxId = resolve(id, "DISCARDED");
        if (inboxId == null) {
            return false;
        }
        claims.discard(inboxId);
        return true;
    }

    private Long resolve(long id, String newStatus) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Long inboxId;
            try (PreparedStatement ps = c.prepareStatement("SELECT inbox_id FROM dead_letters WHERE id = ? AND status = 'NEW'")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    inboxId = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE dead_letters SET status = ?, resolved_at = ? WHERE id = ? AND status = 'NEW'")) {
                ps.setString(1, newStatus);
                ps.setTimestamp(2, new Timestamp(System.currentTimeMillis()));
                ps.setLong(3, id);
                return ps.executeUpdate() == 1 ? inboxId : null;
            }
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
