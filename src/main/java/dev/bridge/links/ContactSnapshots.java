package dev.bridge.links;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.apache.camel.Header;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each contact's last known block values, from contact webhooks and the contacts poller (kamelet
 * bridge-contact-snapshot-action), so that F1 need not read the contact for every task (GHL quota). A contact
 * fetched by F1 alone is not remembered: only a contact whose changes reach the bridge as events can be trusted
 * to stay current here.
 */
public final class ContactSnapshots {

    /** What a contact block can name, besides what is derived from these (name, url). */
    static final List<String> FIELDS = List.of("id", "locationId", "firstName", "lastName", "email", "phone", "companyName", "customFields");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;

    public ContactSnapshots(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * "remember": the body is a contact event (its {@code id}); out {@code stale} true when it is older than the values
     * kept, which then stay. "lookup": the body names the contact by {@code contactId} (a task); out the kept values or null.
     */
    public Object step(@Header("BridgeSnapshotStep") String step, @Body Map<String, Object> body) throws SQLException {
        return switch (step) {
            case "remember" -> Map.of("stale", !remember(body));
            case "lookup" -> body.get("contactId") == null ? null : find(String.valueOf(body.get("contactId")));
            default -> throw new IllegalArgumentException("bridge-contact-snapshot-action has no step '" + step + "'");
        };
    }

    /** The kept values of a contact, as a contact map, or null. */
    public Map<String, Object> find(String contactId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT contact_values FROM contact_snapshots WHERE contact_id = ?")) {
            ps.setString(1, contactId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? parse(rs.getString(1)) : null;
            }
        }
    }

    /** Keeps the contact's values unless newer ones are kept already; false when the contact is older (stale). */
    private boolean remember(Map<String, Object> contact) throws SQLException {
        String id = String.valueOf(contact.get("id"));
        Object changedAt = contact.get("dateUpdated") != null ? contact.get("dateUpdated") : contact.get("timestamp");
        Map<String, Object> values = new LinkedHashMap<>();
        for (String f : FIELDS) {
            if (contact.get(f) != null) {
                values.put(f, contact.get(f));
            }
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT changed_at FROM contact_snapshots WHERE contact_id = ? FOR UPDATE")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    boolean known = rs.next();
                    if (known && Dates.olderThan(changedAt, rs.getString(1))) {
                        c.rollback();
                        return false;
                    }
                    String sql = known
                            ? "UPDATE contact_snapshots SET contact_values = ?, changed_at = ?, saved_at = ? WHERE contact_id = ?"
                            : "INSERT INTO contact_snapshots (contact_values, changed_at, saved_at, contact_id) VALUES (?, ?, ?, ?)";
                    try (PreparedStatement write = c.prepareStatement(sql)) {
                        write.setString(1, JSON.writeValueAsString(values));
                        write.setString(2, changedAt == null ? null : changedAt.toString());
                        write.setTimestamp(3, new Timestamp(System.currentTimeMillis()));
                        write.setString(4, id);
                        write.executeUpdate();
                    }
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                c.rollback();
                throw new IllegalArgumentException("contact " + id + " has values that are not JSON", e);
            } catch (SQLException e) {
                c.rollback();
                if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    // kept by a parallel event of the same contact just now: theirs stays, this one is tried again by the inbox
                    throw new IllegalStateException("contact " + id + " was remembered by another event at the same time; tried again", e);
                }
                throw e;
            }
            c.commit();
            return true;
        }
    }

    private static Map<String, Object> parse(String text) {
        try {
            return JSON.readValue(text, new TypeReference<Map<String, Object>>() { });
        } catch (Exception e) {
            throw new IllegalStateException("a contact snapshot is not JSON", e);
        }
    }
}
