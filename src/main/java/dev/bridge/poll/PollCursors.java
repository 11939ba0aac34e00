package dev.bridge.poll;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** How far each poller has read (table poll_cursors): one row per poller, its position an ISO-8601 instant. */
public final class PollCursors {

    private final DataSource dataSource;

    public PollCursors(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The stored position of {@code poller}, or null before its first run. */
    public Instant position(String poller) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT position FROM poll_cursors WHERE name = ?")) {
            ps.setString(1, poller);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Instant.parse(rs.getString(1)) : null;
            }
        }
    }

    /** Stores the position; an update first and an insert when there is no row yet (portable, no MERGE). */
    public void save(String poller, Instant position) throws SQLException {
        Timestamp now = new Timestamp(System.currentTimeMillis());
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement up = c.prepareStatement("UPDATE poll_cursors SET position = ?, updated_at = ? WHERE name = ?")) {
                up.setString(1, position.toString());
                up.setTimestamp(2, now);
                up.setString(3, poller);
                if (up.executeUpdate() > 0) {
                    return;
                }
            }
            try (PreparedStatement in = c.prepareStatement("INSERT INTO poll_cursors (name, position, updated_at) VALUES (?, ?, ?)")) {
                in.setString(1, poller);
                in.setString(2, position.toString());
                in.setTimestamp(3, now);
                in.executeUpdate();
            }
        }
    }
}
