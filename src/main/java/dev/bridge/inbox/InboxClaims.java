package dev.bridge.inbox;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Claims inbox rows for processing. Only the oldest unfinished row of each synced pair is offered, and only
 * once it is due; a row waiting for a retry or a dead row holds back the later rows of its pair. A claim
 * is a conditional update of a lease on the database's clock, renewed while the row is worked, so several
 * instances on one database never work the same row or two rows of one pair at once.
 */
public final class InboxClaims {

    private static final String HEADS =
            "SELECT i.id, i.source, i.delivery_id, i.event_type, i.entity_key, i.attempts, i.failures, i.retry_since, i.received_at FROM inbox i "
            + "WHERE i.status = 'PENDING' AND (i.lease_until IS NULL OR i.lease_until < ?) "
            + "AND (i.next_attempt_at IS NULL OR i.next_attempt_at <= ?) "
            + "AND NOT EXISTS (SELECT 1 FROM inbox e WHERE e.order_key = i.order_key AND e.status = 'PENDING' AND e.id < i.id) "
            + "AND NOT EXISTS (SELECT 1 FROM inbox d WHERE d.order_key = i.order_key AND d.status = 'DEAD' AND d.id < i.id) "
            // ordered like the (status, id) index, so the scan walks the index and stops at the limit
            + "ORDER BY i.status, i.id FETCH FIRST ? ROWS ONLY";
    private static final String CLAIM =
            "UPDATE inbox SET lease_owner = ?, lease_until = ?, attempts = attempts + 1 "
            + "WHERE id = ? AND status = 'PENDING' AND (lease_until IS NULL OR lease_until < ?)";
    private static final String RENEW = "UPDATE inbox SET lease_until = ? WHERE id = ? AND lease_owner = ? AND status = 'PENDING'";
    private static final String PAYLOAD = "SELECT payload FROM inbox_payload WHERE id = ?";
    private static final String OLDEST_DUE =
            "SELECT COALESCE(next_attempt_at, received_at) FROM inbox WHERE status = 'PENDING' AND (next_attempt_at IS NULL OR next_attempt_at <= ?) "
            + "ORDER BY status, id FETCH FIRST 1 ROWS ONLY";

    private final DataSource dataSource;
    private final String owner;
    private final long leaseMillis;
    private final DbClock clock;

    public InboxClaims(DataSource dataSource, String owner, long leaseMillis, DbClock clock) {
        this.dataSource = dataSource;
        this.owner = owner;
        this.leaseMillis = leaseMillis;
        this.clock = clock;
    }

    public DbClock clock() {
        return clock;
    }

    public long leaseMillis() {
        return leaseMillis;
    }

    /** Claims up to {@code max} due pair heads that this instance is not already working on. */
    public List<InboxRow> claim(int max, Set<Long> inFlight) throws SQLException {
        List<InboxRow> candidates = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            clock.sync(c);
            Timestamp now = clock.timestamp();
            try (PreparedStatement heads = c.prepareStatement(HEADS)) {
                heads.setTimestamp(1, now);
                heads.setTimestamp(2, now);
                heads.setInt(3, max + inFlight.size());
                try (ResultSet rs = heads.executeQuery()) {
                    while (rs.next() && candidates.size() < max) {
                        long id = rs.getLong(1);
                        if (!inFlight.contains(id)) {
                            candidates.add(new InboxRow(id, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), null,
                                    rs.getInt(6) + 1, rs.getInt(7), rs.getTimestamp(8), rs.getTimestamp(9)));
                        }
                    }
                }
            }
            List<InboxRow> claimed = new ArrayList<>(candidates.size());
            try (PreparedStatement claim = c.prepareStatement(CLAIM); PreparedStatement payload = c.prepareStatement(PAYLOAD)) {
                for (InboxRow row : candidates) {
                    claim.setString(1, owner);
                    claim.setTimestamp(2, new Timestamp(now.getTime() + leaseMillis));
                    claim.setLong(3, row.id());
                    claim.setTimestamp(4, now);
                    if (claim.executeUpdate() == 1) {
                        payload.setLong(1, row.id());
                        try (ResultSet rs = payload.executeQuery()) {
                            if (rs.next()) {
                                claimed.add(row.withPayload(rs.getString(1)));
                            }
                        }
                    }
                }
            }
            c.commit();
            return claimed;
        }
    }

    /** Extends this instance's leases on rows still being worked, so a long flow is not taken over. */
    public void renew(Collection<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(RENEW)) {
            clock.sync(c);
            Timestamp until = clock.in(leaseMillis);
            for (long id : ids) {
                ps.setTimestamp(1, until);
                ps.setLong(2, id);
                ps.setString(3, owner);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Milliseconds the oldest due row has waited, 0 when none waits. */
    public long oldestDueAgeMillis() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(OLDEST_DUE)) {
            Timestamp now = clock.timestamp();
            ps.setTimestamp(1, now);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Math.max(0, now.getTime() - rs.getTimestamp(1).getTime()) : 0;
            }
        }
    }

    /** After a restart of the only instance (embedded H2), its old leases belong to nobody. */
    public int releaseAll() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE inbox SET lease_owner = NULL, lease_until = NULL WHERE status = 'PENDING' AND lease_owner IS NOT NULL")) {
            return ps.executeUpdate();
        }
    }

    /**
     * Puts a dead row back to be processed now (dead-letter replay), in the caller's transaction; 1 when it was dead.
     * The attempt count stays, so the flow knows a step may have run before; the back-off starts again.
     */
    public int reopenDead(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE inbox SET status = 'PENDING', failures = 0, retry_since = NULL, next_attempt_at = NULL, "
                + "outcome = NULL, finished_at = NULL, lease_owner = NULL, lease_until = NULL WHERE id = ? AND status = 'DEAD'")) {
            ps.setLong(1, id);
            return ps.executeUpdate();
        }
    }

    /** A row's status (PENDING, DONE, DEAD, ...), or null when it is gone. */
    public String status(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT status FROM inbox WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Puts every ignored event of a type back to be processed (a flow for it exists now). */
    public int reopenIgnored(String eventType) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE inbox SET status = 'PENDING', outcome = NULL, finished_at = NULL, failures = 0, "
                     + "retry_since = NULL, next_attempt_at = NULL WHERE status = 'IGNORED' AND event_type = ?")) {
            ps.setString(1, eventType);
            return ps.executeUpdate();
        }
    }

    /** A discarded dead row stops holding back the later rows of its pair. */
    public int discard(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE inbox SET status = 'DISCARDED', finished_at = ? WHERE id = ? AND status = 'DEAD'")) {
            ps.setTimestamp(1, clock.timestamp());
            ps.setLong(2, id);
            return ps.executeUpdate();
        }
    }

    /** Forgets finished deliveries older than the retention; dead ones stay until replayed or discarded. */
    public int purgeFinishedBefore(long epochMillis) throws SQLException {
        String finished = "status IN ('DONE', 'IGNORED', 'DISCARDED') AND received_at < ?";
        try (Connection c = dataSource.getConnection();
             PreparedStatement payloads = c.prepareStatement("DELETE FROM inbox_payload WHERE id IN (SELECT id FROM inbox WHERE " + finished + ")");
             PreparedStatement rows = c.prepareStatement("DELETE FROM inbox WHERE " + finished);
             // what an event changed in a tag or label set matters while the event may run again (a dead letter waits for
             // its replay however long); effects themselves stay
             PreparedStatement changes = c.prepareStatement("DELETE FROM effects WHERE effect_key LIKE 'changes:%' AND done_at < ? "
                     + "AND NOT EXISTS (SELECT 1 FROM inbox i WHERE i.status IN ('DEAD', 'PENDING') "
                     + "AND effects.effect_key LIKE 'changes:' || i.source || ':' || i.delivery_id || ':%')")) {
            payloads.setTimestamp(1, new Timestamp(epochMillis));
            payloads.executeUpdate();
            changes.setTimestamp(1, new Timestamp(epochMillis));
            changes.executeUpdate();
            rows.setTimestamp(1, new Timestamp(epochMillis));
            return rows.executeUpdate();
        }
    }
}
