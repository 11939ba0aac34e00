package dev.bridge.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * Time as the database tells it. Leases and retry times are compared by every instance that shares the
 * database, so they are measured on its clock, not on each JVM's: the offset is read on each claim.
 */
public final class DbClock {

    private volatile long offsetMillis;

    /** Reads the database's time on this connection and remembers how far the JVM's clock is from it. */
    public void sync(Connection c) throws SQLException {
        long before = System.currentTimeMillis();
        try (PreparedStatement ps = c.prepareStatement("SELECT CURRENT_TIMESTAMP"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            long after = System.currentTimeMillis();
            offsetMillis = rs.getTimestamp(1).getTime() - (before + after) / 2;
        }
    }

    public long now() {
        return System.currentTimeMillis() + offsetMillis;
    }

    public Timestamp timestamp() {
        return new Timestamp(now());
    }

    public Timestamp in(long millis) {
        return new Timestamp(now() + millis);
    }
}
