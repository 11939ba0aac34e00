package dev.bridge.links;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One store for every synced pair (kind "task": a GHL task and its GitLab issue; later contacts, notes,
 * tags). A link names both objects, the pair's ordering key, and per side the values the bridge last wrote
 * there or took from there, field by field: an incoming value equal to one of those is nothing new.
 */
public final class Links {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final String COLUMNS = "kind, ghl_id, ghl_parent_id, gitlab_id, gitlab_project, gitlab_iid, gitlab_url, order_key, "
            + "ghl_state, ghl_values, gitlab_values";

    private final DataSource dataSource;

    public Links(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What a link holds; {@code ghlValues} / {@code gitlabValues} are per-field values, never null. */
    public record Link(String kind, String ghlId, String ghlParentId, String gitlabId, String gitlabProject, Long gitlabIid,
                       String gitlabUrl, String orderKey, String ghlState, Map<String, Object> ghlValues, Map<String, Object> gitlabValues) {

        /** The flows read links as maps ({@code ${variable.link[gitlabUrl]}}). */
        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", kind);
            m.put("ghlId", ghlId);
            m.put("ghlParentId", ghlParentId);
            m.put("gitlabId", gitlabId);
            m.put("gitlabProject", gitlabProject);
            m.put("gitlabIid", gitlabIid);
            m.put("gitlabUrl", gitlabUrl);
            m.put("ghlState", ghlState);
            m.put("ghl", ghlValues);
            m.put("gitlab", gitlabValues);
            return m;
        }
    }

    public Link find(String kind, String ghlId) throws SQLException {
        return one("SELECT " + COLUMNS + " FROM links WHERE kind = ? AND ghl_id = ?", kind, ghlId);
    }

    /** When the link of a GHL object last changed (its version), or null when there is no such link. */
    public Long version(String kind, String ghlId) throws SQLException {
        java.util.List<Object> found = firstColumn("SELECT updated_at FROM links WHERE kind = ? AND ghl_id = ?", kind, ghlId);
        if (found.isEmpty()) {
            return null;
        }
        Object at = found.get(0);
        return at instanceof Timestamp t ? t.getTime() : Timestamp.valueOf((java.time.LocalDateTime) at).getTime();
    }

    /** The GHL parents of this kind's live links (for example the contacts with linked tasks), in a stable order. */
    public java.util.List<String> parents(String kind) throws SQLException {
        return firstColumn("SELECT DISTINCT ghl_parent_id FROM links WHERE kind = ? AND ghl_parent_id IS NOT NULL "
                + "AND (ghl_state IS NULL OR ghl_state <> 'deleted') ORDER BY ghl_parent_id", kind).stream().map(String::valueOf).toList();
    }

    /** Whether any link of this kind belongs to the GHL parent (for example a task link of a contact). */
    public boolean anyWithParent(String kind, String ghlParentId) throws SQLException {
        return !firstColumn("SELECT 1 FROM links WHERE kind = ? AND ghl_parent_id = ? FETCH FIRST 1 ROWS ONLY", kind, ghlParentId).isEmpty();
    }

    /** The first column of every row a query finds. */
    private java.util.List<Object> firstColumn(String sql, String... params) throws SQLException {
        java.util.List<Object> values = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getObject(1));
                }
            }
        }
        return values;
    }

    /** The links of this kind that belong to the GHL parent (for example a contact's task links), oldest first. */
    public java.util.List<Link> withParent(String kind, String ghlParentId) throws SQLException {
        java.util.List<Link> found = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM links WHERE kind = ? AND ghl_parent_id = ? ORDER BY id")) {
            ps.setString(1, kind);
            ps.setString(2, ghlParentId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(read(rs));
                }
            }
        }
        return found;
    }

    public Link findByGitLab(String kind, String gitlabId) throws SQLException {
        return one("SELECT " + COLUMNS + " FROM links WHERE kind = ? AND gitlab_id = ?", kind, gitlabId);
    }

    /**
     * Stores a new link, and puts the GitLab object's events into the pair's sequence (those already waiting
     * too), in one transaction. A second call for the same GHL object keeps the first link and returns it.
     *
     * @param gitlabEntityKey how the inbox names the GitLab object's events (for example gitlab:issue:42:7)
     */
    public Link create(Link link, String gitlabEntityKey) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            Timestamp now = new Timestamp(System.currentTimeMillis());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO links (" + COLUMNS + ", created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                Object[] values = {link.kind(), link.ghlId(), link.ghlParentId(), link.gitlabId(), link.gitlabProject(), link.gitlabIid(),
                        link.gitlabUrl(), link.orderKey(), link.ghlState(), json(link.ghlValues()), json(link.gitlabValues()), now, now};
                for (int i = 0; i < values.length; i++) {
                    ps.setObject(i + 1, values[i]);
                }
                ps.executeUpdate();
            } catch (SQLException e) {
                c.rollback();
                if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    // already linked (unique constraint), on H2 and PostgreSQL alike
                    Link existing = find(link.kind(), link.ghlId());
                    if (existing == null) {
                        throw new IllegalStateException("GitLab " + link.gitlabId() + " is already linked to another " + link.kind()
                                + " than " + link.ghlId() + "; not linked twice");
                    }
                    return existing;
                }
                throw e;
            }
            if (gitlabEntityKey != null && link.orderKey() != null) {
                // update, else insert: portable between H2 and PostgreSQL, and safe if the object was in a pair before
                try (PreparedStatement update = c.prepareStatement("UPDATE order_keys SET order_key = ? WHERE entity_key = ?");
                     PreparedStatement key = c.prepareStatement("INSERT INTO order_keys (entity_key, order_key) VALUES (?, ?)");
                     PreparedStatement waiting = c.prepareStatement("UPDATE inbox SET order_key = ? WHERE order_key = ? AND status IN ('PENDING', 'DEAD')")) {
                    update.setString(1, link.orderKey());
                    update.setString(2, gitlabEntityKey);
                    if (update.executeUpdate() == 0) {
                        key.setString(1, gitlabEntityKey);
                        key.setString(2, link.orderKey());
                        key.executeUpdate();
                    }
                    waiting.setString(1, link.orderKey());
                    waiting.setString(2, gitlabEntityKey);
                    waiting.executeUpdate();
                }
            }
            c.commit();
            return link;
        }
    }

    /**
     * Merges per-field values the bridge just wrote to (or took from) each side into the link, in one
     * transaction; either map may be empty.
     */
    public void remember(String kind, String ghlId, Map<String, Object> ghl, Map<String, Object> gitlab) throws SQLException {
        if (ghl.isEmpty() && gitlab.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            Map<String, Object> ghlValues;
            Map<String, Object> gitlabValues;
            try (PreparedStatement ps = c.prepareStatement("SELECT ghl_values, gitlab_values FROM links WHERE kind = ? AND ghl_id = ? FOR UPDATE")) {
                ps.setString(1, kind);
                ps.setString(2, ghlId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        c.rollback();
                        return;
                    }
                    ghlValues = parse(rs.getString(1));
                    gitlabValues = parse(rs.getString(2));
                }
            }
            Map<String, Object> ghlBefore = new LinkedHashMap<>(ghlValues);
            Map<String, Object> gitlabBefore = new LinkedHashMap<>(gitlabValues);
            ghlValues.putAll(ghl);
            gitlabValues.putAll(gitlab);
            if (ghlValues.equals(ghlBefore) && gitlabValues.equals(gitlabBefore)) {
                // nothing new: the link keeps its version (the tasks poller keys its events by it)
                c.rollback();
                return;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE links SET ghl_values = ?, gitlab_values = ?, updated_at = ? WHERE kind = ? AND ghl_id = ?")) {
                ps.setString(1, json(ghlValues));
                ps.setString(2, json(gitlabValues));
                ps.setTimestamp(3, new Timestamp(System.currentTimeMillis()));
                ps.setString(4, kind);
                ps.setString(5, ghlId);
                ps.executeUpdate();
            }
            c.commit();
        }
    }

    /** Marks the GHL side's state (for example "deleted": later hooks about the GitLab object leave it alone). */
    public void setGhlState(String kind, String ghlId, String state) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE links SET ghl_state = ?, updated_at = ? WHERE kind = ? AND ghl_id = ?")) {
            ps.setString(1, state);
            ps.setTimestamp(2, new Timestamp(System.currentTimeMillis()));
            ps.setString(3, kind);
            ps.setString(4, ghlId);
            ps.executeUpdate();
        }
    }

    private Link one(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? read(rs) : null;
            }
        }
    }

    private static Link read(ResultSet rs) throws SQLException {
        long iid = rs.getLong(6);
        return new Link(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.wasNull() ? null : iid, rs.getString(7), rs.getString(8), rs.getString(9), parse(rs.getString(10)), parse(rs.getString(11)));
    }

    private static String json(Map<String, Object> values) {
        try {
            return values == null ? null : JSON.writeValueAsString(values);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Map<String, Object> parse(String text) {
        try {
            return text == null ? new LinkedHashMap<>() : JSON.readValue(text, MAP);
        } catch (Exception e) {
            throw new IllegalStateException("a link's stored values are not JSON", e);
        }
    }
}
