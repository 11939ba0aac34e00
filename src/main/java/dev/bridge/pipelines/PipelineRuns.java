package dev.bridge.pipelines;

import dev.bridge.effects.Effects;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

/** The pipelines the bridge triggered and the contact each was for (table pipeline_runs), so F10 reports to that contact. */
public final class PipelineRuns {

    private final DataSource dataSource;

    public PipelineRuns(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The effect key under which a trigger's contact is kept, by the trigger id its pipeline carries as a variable. */
    public static String plannedKey(String triggerId) {
        return "pipeline-trigger:" + triggerId;
    }

    /**
     * Records, before the trigger call, whom the pipeline carrying {@code triggerId} is for: its hooks may come before
     * GitLab's answer (a pipeline that fails at once, a timed-out call), when the run is not recorded yet.
     */
    public void planned(String triggerId, String contactId, String trigger) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (Effects.readDone(c, plannedKey(triggerId)) == null) {
                Effects.recordDone(c, plannedKey(triggerId), Map.of("contactId", contactId, "trigger", trigger));
            }
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                throw e;
            }
            // recorded by an earlier attempt
        }
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
