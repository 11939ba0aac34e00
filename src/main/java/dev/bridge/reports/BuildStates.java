package dev.bridge.reports;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

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
                    String known = known(c, contactId, project, pipelineId, status);
                    if (known != null) {
                        c.rollback();
                        return known;
                    }
                    String outcome = decide(c, contactId, project, ref, pipelineId, status);
                    record(c, contactId, project, pipelineId, status, outcome);
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

    private static String known(Connection c, String contactId, String project, long pipelineId, String status) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT outcome FROM pipeline_report_outcomes "
                + "WHERE contact_id = ? AND gitlab_project = ? AND pipeline_id = ? AND status = ?")) {
            ps.setString(1, contactId);
            ps.setString(2, project);
            ps.setLong(3, pipelineId);
            ps.setString(4, status);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void record(Connection c, String contactId, String project, long pipelineId, String status, String outcome) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO pipeline_report_outcomes (contact_id, gitlab_project, pipeline_id, status, outcome) "
                + "VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, contactId);
            ps.setString(2, project);
            ps.setLong(3, pipelineId);
            ps.setString(4, status);
            ps.setString(5, outcome);
            ps.executeUpdate();
        }
    }

    private static void set(PreparedStatement ps, String contactId, String project, String ref) throws SQLException {
        ps.setString(1, contactId);
        ps.setString(2, project);
        ps.setString(3, ref);
    }
}
