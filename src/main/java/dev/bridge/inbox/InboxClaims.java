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
 * Claims inbox rows for processing. Only the oldest unfinished row of each entity is offered, and a claim
 * is a conditional update of its lease, so several instances on one database would never work the same
 * row or two rows of one entity at once.
 */
public final class InboxClaims {

    private static final String HEADS =
            "SELECT i.id, i.source, i.delivery_id, i.event_type, i.entity_key, i.attempts FROM inbox i "
            + "WHERE i.status = 'PENDING' AND (i.lease_until IS NULL OR i.lease_until < ?) "
            + "AND NOT EXISTS (SELECT 1 FROM inbox e WHERE e.entity_key = i.entity_key AND e.status = 'PENDING' AND e.id < i.id) "
            // ordered like the (status, id) index, so the scan walks the index and stops at the limit
            + "ORDER BY i.status, i.id FETCH FIRST ? ROWS ONLY";
    private static final String CLAIM =
            "UPDATE inbox SET lease_owner = ?, lease_until = ?, attempts = attempts + 1 "
            + "WHERE id = ? AND status = 'PENDING' AND (lease_until IS NULL OR lease_until < ?)";

    private static final String PAYLOAD = "SELECT payload FROM inbox_payload WHERE id = ?";

    private final DataSource dataSource;
    private final String owner;
    private final long leaseMillis;

    public InboxClaims(DataSource dataSource, String owner, long leaseMillis) {
        this.dataSource = dataSource;
        this.owner = owner;
        this.leaseMillis = leaseMillis;
    }

    /** Claims up to {@code max} entity heads that this instance is not already working on. */
    public List<InboxRow> claim(int max, Set<Long> inFlight) throws SQLException {
        List<InboxRow> candidates = new ArrayList<>();
        long now = System.currentTimeMillis();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement heads = c.prepareStatement(HEADS)) {
                heads.setTimestamp(1, new Timestamp(now));
                heads.setInt(2, max + inFlight.size());
                try (ResultSet rs = heads.executeQuery()) {
                    while (rs.next() && candidates.size() < max) {
                        long id = rs.getLong(1);
                        if (!inFlight.contains(id)) {
                            candidates.add(new InboxRow(id, rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getString(5), null, rs.getInt(6) + 1));
                        }
                    }
                }
            }
            List<InboxRow> claimed = new ArrayList<>(candidates.size());
            try (PreparedStatement claim = c.prepareStatement(CLAIM); PreparedStatement payload = c.prepareStatement(PAYLOAD)) {
                for (InboxRow row : candidates) {
                    claim.setString(1, owner);
                    claim.setTimestamp(2, new Timestamp(now + leaseMillis));
                    claim.setLong(3, row.id());
                    claim.setTimestamp(4, new Timestamp(now));
                    if (claim.executeUpdate() == 1) {
                        payload.setLong(1, row.id());
                        try (ResultSet rs = payload.executeQuery()) {
                            if (rs.next()) {
                                claimed.add(new InboxRow(row.id(), row.source(), row.deliveryId(), row.eventType(), row.entityKey(),
                                        rs.getString(1), row.attempt()));
                            }
                        }
                    }
                }
            }
            c.commit();
            return claimed;
        }
    }

    /** After a restart of the only instance (embedded H2), its old leases belong to nobody. */
    public int releaseAll() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE inbox SET lease_owner = NULL, lease_until = NULL WHERE status = 'PENDING' AND lease_owner IS NOT NULL")) {
            return ps.executeUpdate();
        }
    }

    /** Puts rows back to be processed again (dead-letter replay). */
    public int reopen(Collection<Long> ids) throws SQLException {
        int n = 0;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE inbox SET status = 'PENDING', attempts = 0, outcome = NULL, finished_at = NULL, lease_owner = NULL, lease_until = NULL WHERE id = ?")) {
            for (long id : ids) {
                ps.setLong(1, id);
                n += ps.executeUpdate();
            }
        }
        return n;
    }

    /** Forgets finished deliveries older than the retention; dead ones stay until replayed or discarded. */
    public int purgeFinishedBefore(long epochMillis) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement payloads = c.prepareStatement("DELETE FROM inbox_payload WHERE id IN "
                     + "(SELECT id FROM inbox WHERE status IN ('DONE', 'IGNORED') AND received_at < ?)");
             PreparedStatement rows = c.prepareStatement("DELETE FROM inbox WHERE status IN ('DONE', 'IGNORED') AND received_at < ?")) {
            payloads.setTimestamp(1, new Timestamp(epochMillis));
            payloads.executeUpdate();
            rows.setTimestamp(1, new Timestamp(epochMillis));
            return rows.executeUpdate();
        }
    }
}
