package dev.bridge.reports;

import dev.bridge.effects.Effects;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * Whether a contact's build is failing, per project and ref (F10). A failed pipeline is an alarm once while the build
 * keeps failing; a pass after a reported failure is "fixed", once; a pipeline older than the newest one seen for the
 * ref changes nothing. Each (contact, pipeline, status) is worked out once, in the transaction that moves the state.
 */
public final class BuildStates {

    /** No report: a later failure of a failing build, or a late hook of an older pipeline. */
    public static final String NONE = "none";

    private final DataSource dataSource;

    public BuildStates(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** failed, fixed, success or {@link #NONE} for this pipeline's status (failed or success). */
    public String outcome(String contactId, String project, String ref, long pipelineId, String status) throws SQLException {
        for (int tries = 0; ; tries++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    String key = "pipeline-outcome:" + contactId + ":" + project + ":" + pipelineId + ":" + status;
                    Map<String, Object> known = Effects.readDone(c, key);
                    if (known != null) {
                        c.rollback();
                        return String.valueOf(known.get("outcome"));
                    }
                    String outcome = decide(c, contactId, project, ref, pipelineId, status);
                    Effects.recordDone(c, key, Map.of("outcome", outcome));
                    c.commit();
                    return outcome;
                } catch (SQLException e) {
                    c.rollback();
                    // unique key: another attempt worked it out first; read its answer
                    if (tries > 2 || e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                        throw e;
                    }
                }
            }
        }
    }

    private static String decide(Connection c, String contactId, String project, String ref, long pipelineId, String status) throws SQLException {
        Long last = null;
        boolean failing = false;
        try (PreparedStatement ps = c.prepareStatement("SELECT last_pipeline_id, failing FROM pipeline_report_states "
                + "WHERE contact_id = ? AND gitlab_project = ? AND ref = ? FOR UPDATE")) {
            set(ps, contactId, project, ref);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    last = rs.getLong(1);
                    failing = rs.getBoolean(2);
                }
            }
        }
        if (last != null && pipelineId < last) {
            return NONE;
        }
        boolean failed = "failed".equals(status);
        String outcome = failed ? (failing ? NONE : "failed") : (failing ? "fixed" : "success");
        if (last == null) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO pipeline_report_states (contact_id, gitlab_project, ref, last_pipeline_id, failing) "
                    + "VALUES (?, ?, ?, ?, ?)")) {
                set(ps, contactId, project, ref);
                ps.setLong(4, pipelineId);
                ps.setBoolean(5, failed);
                ps.executeUpdate();
            }
        } else {
            try (PreparedStatement ps = c.prepareStatement("UPDATE pipeline_report_states SET last_pipeline_id = ?, failing = ? "
                    + "WHERE contact_id = ? AND gitlab_project = ? AND ref = ?")) {
                ps.setLong(1, pipelineId);
                ps.setBoolean(2, failed);
                ps.setString(3, contactId);
                ps.setString(4, project);
                ps.setString(5, ref);
                ps.executeUpdate();
            }
        }
        return outcome;
    }

    private static void set(PreparedStatement ps, String contactId, String project, String ref) throws SQLException {
        ps.setString(1, contactId);
        ps.setString(2, project);
        ps.setString(3, ref);
    }
}
