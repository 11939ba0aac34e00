package dev.bridge.links;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * GHL task ⇄ GitLab issue links. Each side keeps a fingerprint and a state of what the bridge last wrote
 * to it or read from it; a webhook that shows exactly that is the echo of the bridge's own write.
 */
public final class TaskLinks {

    private static final String KIND = "task";
    private static final String COLUMNS = "ghl_id, ghl_parent_id, gitlab_project, gitlab_iid, gitlab_url, ghl_fp, gitlab_fp, ghl_state, gitlab_state";

    private final DataSource dataSource;

    public TaskLinks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Map<String, Object> find(String taskId) throws SQLException {
        return one("SELECT " + COLUMNS + " FROM links WHERE kind = ? AND ghl_id = ?", KIND, taskId);
    }

    public Map<String, Object> findByIssue(Object projectId, Object iid) throws SQLException {
        return one("SELECT " + COLUMNS + " FROM links WHERE kind = ? AND gitlab_project = ? AND gitlab_iid = ?",
                KIND, String.valueOf(projectId), Long.parseLong(String.valueOf(iid)));
    }

    /** Stores the link for a newly created issue; a second call for the same task keeps the first link. */
    public Map<String, Object> linkIssue(String taskId, String contactId, Map<String, Object> issue) throws SQLException {
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("taskId", taskId);
        link.put("contactId", contactId);
        link.put("gitlabProject", String.valueOf(issue.get("project_id")));
        link.put("gitlabIid", Long.parseLong(String.valueOf(issue.get("iid"))));
        link.put("gitlabUrl", Objects.toString(issue.get("web_url"), null));
        link.put("ghlFingerprint", null);
        link.put("gitlabFingerprint", issueFingerprint(issue));
        link.put("ghlState", "open");
        link.put("gitlabState", Objects.toString(issue.get("state"), "opened"));
        Timestamp now = new Timestamp(System.currentTimeMillis());
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO links (kind, " + COLUMNS + ", created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
            ps.setString(1, KIND);
            int i = 2;
            for (Object value : link.values()) {
                ps.setObject(i++, value);
            }
            ps.setTimestamp(i++, now);
            ps.setTimestamp(i, now);
            ps.executeUpdate();
            return link;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return find(taskId); // already linked (unique constraint), on H2 and PostgreSQL alike
            }
            throw e;
        }
    }

    /** Remembers what the GitLab issue now looks like (after the bridge wrote it, or after it read a change). */
    public void recordIssue(String taskId, Map<String, Object> issue) throws SQLException {
        update("UPDATE links SET gitlab_fp = ?, gitlab_state = ?, updated_at = ? WHERE kind = ? AND ghl_id = ?",
                issueFingerprint(issue), Objects.toString(issue.get("state"), null), taskId);
    }

    /** Remembers what the GHL task now looks like. */
    public void recordTask(String taskId, Map<String, Object> task) throws SQLException {
        update("UPDATE links SET ghl_fp = ?, ghl_state = ?, updated_at = ? WHERE kind = ? AND ghl_id = ?",
                taskFingerprint(task), Boolean.TRUE.equals(task.get("completed")) ? "completed" : "open", taskId);
    }

    /** Marks the GHL side gone (the task was deleted) without touching the fingerprints. */
    public void recordTaskState(String taskId, String state) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE links SET ghl_state = ?, updated_at = ? WHERE kind = ? AND ghl_id = ?")) {
            ps.setString(1, state);
            ps.setTimestamp(2, new Timestamp(System.currentTimeMillis()));
            ps.setString(3, KIND);
            ps.setString(4, taskId);
            ps.executeUpdate();
        }
    }

    /** True when the issue's title, description or due date differ from what the bridge last saw or wrote. */
    public boolean issueContentChanged(Map<String, Object> link, Map<String, Object> issue) {
        return link == null || !Objects.equals(link.get("gitlabFingerprint"), issueFingerprint(issue));
    }

    public static String issueFingerprint(Map<String, Object> issue) {
        return fingerprint(issue.get("title"), issue.get("description"), issue.get("due_date"));
    }

    public static String taskFingerprint(Map<String, Object> task) {
        return fingerprint(task.get("title"), task.get("body"), task.get("dueDate"));
    }

    private static String fingerprint(Object... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Object p : parts) {
                sha.update(String.valueOf(p == null ? "" : p).replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void update(String sql, String fp, String state, String taskId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, fp);
            ps.setString(2, state);
            ps.setTimestamp(3, new Timestamp(System.currentTimeMillis()));
            ps.setString(4, KIND);
            ps.setString(5, taskId);
            ps.executeUpdate();
        }
    }

    private Map<String, Object> one(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Map<String, Object> link = new LinkedHashMap<>();
                link.put("taskId", rs.getString(1));
                link.put("contactId", rs.getString(2));
                link.put("gitlabProject", rs.getString(3));
                link.put("gitlabIid", rs.getLong(4));
                link.put("gitlabUrl", rs.getString(5));
                link.put("ghlFingerprint", rs.getString(6));
                link.put("gitlabFingerprint", rs.getString(7));
                link.put("ghlState", rs.getString(8));
                link.put("gitlabState", rs.getString(9));
                return link;
            }
        }
    }
}
