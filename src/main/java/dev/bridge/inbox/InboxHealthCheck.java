package dev.bridge.inbox;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;

/** Ready when the inbox database answers and the write queue has room; reports the backlog. */
public final class InboxHealthCheck extends AbstractHealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(InboxHealthCheck.class);

    private final DataSource dataSource;
    private final InboxWriter writer;
    private final int capacity;

    public InboxHealthCheck(DataSource dataSource, InboxWriter writer, int capacity) {
        super("bridge", "inbox");
        this.dataSource = dataSource;
        this.writer = writer;
        this.capacity = capacity;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("write.queue", writer.backlog());
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM inbox WHERE status = 'PENDING'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            builder.detail("pending.events", rs.getLong(1));
        } catch (Exception e) {
            // the answer names the part; database error text (table names, URLs, users) stays in the log
            LOG.warn("Health check: the inbox database does not answer: {}", e.toString());
            builder.message("inbox database does not answer").down();
            return;
        }
        if (writer.backlog() > capacity * 9L / 10) {
            builder.message("the inbox write queue is almost full; webhooks may get 429").down();
            return;
        }
        builder.up();
    }
}
