package dev.bridge.pipelines;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** The pipelines the bridge triggered and the contact each was for (table pipeline_runs), so F10 reports to that contact. */
public final class PipelineRuns {

    private final DataSource dataSource;

    public PipelineRuns(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Records a run; recording it again (a retry, a replay) changes nothing.
     *
     * @param project GitLab's numeric project id, as its Pipeline Hooks carry it
     */
    public void record(String project, long pipelineId, String contactId, String ref, String trigger) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO pipeline_runs (gitlab_project, pipeline_id, contact_id, ref, trigger_name, created_at) "
                     + "VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, project);
            ps.setLong(2, pipelineId);
            ps.setString(3, contactId);
            ps.setString(4, ref);
            ps.setString(5, trigger);
            ps.setTimestamp(6, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                throw e;
            }
            // already recorded by an earlier attempt
        }
    }
}
