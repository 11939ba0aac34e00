package dev.bridge.pipelines;

import dev.bridge.Sha256;
import dev.bridge.clients.GitLabPipelines;
import dev.bridge.clients.Pacing;
import dev.bridge.config.MissingSetting;
import dev.bridge.effects.Effects;
import dev.bridge.inbox.InboxDispatcher;
import dev.bridge.links.ContactValues;
import dev.bridge.mapping.PipelineTriggers;
import dev.bridge.mapping.Template;
import org.apache.camel.Body;
import org.apache.camel.Header;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Flow F11: the CRM triggers GitLab pipelines (beans of the Kamelets bridge-pipeline-triggers-action and
 * gitlab-pipeline-trigger-action). A trigger runs at most once per event and trigger ({@link Effects}): it carries
 * the variable BRIDGE_TRIGGER_ID, a hash of that key, so a retry after a timed-out trigger finds the pipeline GitLab
 * made instead of making a second. Each pipeline is recorded with its contact in pipeline_runs.
 */
public final class PipelineTriggering {

    /** Header naming the trigger (the Kamelet sets it from its "trigger" property). */
    public static final String TRIGGER = "BridgePipelineTrigger";

    /** How the triggers reach GitLab: its REST API without other credentials than the trigger token in the body. */
    public record Api(GitLabPipelines pipelines, long perMinute, long maxWaitMillis) {
    }

    private final PipelineTriggers triggers;
    private final Map<String, String> tokens;
    private final String defaultProject;
    private final Api api;
    private final Effects effects;
    private final PipelineRuns runs;
    private final String appUrl;
    private final Map<String, Pacing> pacing = new ConcurrentHashMap<>();

    public PipelineTriggering(PipelineTriggers triggers, Map<String, String> tokens, String defaultProject, Api api, Effects effects,
                              PipelineRuns runs, String appUrl) {
        this.triggers = triggers;
        this.tokens = Map.copyOf(tokens);
        this.defaultProject = defaultProject;
        this.api = api;
        this.effects = effects;
        this.runs = runs;
        this.appUrl = appUrl;
    }

    /** In: a tag change (bridge-tag-changes-action: "added"). Out: the names of the triggers whose tag was added. */
    public List<String> forAddedTags(@Body Map<String, Object> change) {
        List<String> added = change.get("added") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
        return triggers.forAddedTags(added).stream().map(PipelineTriggers.Trigger::name).toList();
    }

    /** In: the contact; the trigger's name. Out: project (GitLab's id), pipelineId, ref, webUrl, trigger, contactId. */
    public Map<String, Object> trigger(@Header(TRIGGER) String name, @Header(InboxDispatcher.EVENT_KEY) String eventKey,
                                       @Body Map<String, Object> contact) throws SQLException {
        PipelineTriggers.Trigger t = name == null ? null : triggers.named(name.strip());
        if (t == null) {
            throw new MissingSetting("pipelines.triggers has no trigger named '" + name + "': add it to the mapping file or fix the name");
        }
        if (eventKey == null) {
            throw new IllegalStateException("pipeline trigger '" + t.name() + "' needs the event's key (header " + InboxDispatcher.EVENT_KEY + ")");
        }
        Object contactId = contact.get("id") != null ? contact.get("id") : contact.get("contactId");
        if (contactId == null) {
            throw new IllegalArgumentException("pipeline trigger '" + t.name() + "' needs the contact as the body (a map with its id)");
        }
        String project = t.project() != null ? t.project() : defaultProject;
        String key = "pipeline:" + eventKey + ":" + t.name();
        String id = shortHash(key);
        if (api.perMinute() > 0 && effects.result(key) == null) {
            // GitLab.com allows 25 new pipelines a minute per project; a trigger done before takes no turn
            pacing.computeIfAbsent(project, p -> new Pacing("GitLab pipeline creation in project " + p, (int) api.perMinute(), 60_000,
                    api.maxWaitMillis())).acquire();
        }
        runs.planned(id, String.valueOf(contactId), t.name());
        Map<String, Object> result = effects.once(key,
                startedAt -> summary(api.pipelines().findTriggered(project, t.ref(), startedAt, PipelineTriggers.TRIGGER_ID_VARIABLE, id), project),
                () -> summary(api.pipelines().trigger(project, t.name(), tokens.get(t.name()), t.ref(), variables(t, contact, id)), project));
        if (result == null || !(result.get("pipelineId") instanceof Number pipelineId)) {
            throw new IllegalStateException("GitLab's answer to pipeline trigger '" + t.name() + "' named no pipeline");
        }
        runs.record(String.valueOf(result.get("project")), pipelineId.longValue(), String.valueOf(contactId), t.ref(), t.name());
        Map<String, Object> out = new LinkedHashMap<>(result);
        out.put("trigger", t.name());
        out.put("contactId", contactId);
        return out;
    }

    private Map<String, String> variables(PipelineTriggers.Trigger t, Map<String, Object> contact, String id) {
        Map<String, Object> values = ContactValues.of(contact, null, null, appUrl);
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Template> v : t.variables().entrySet()) {
            String value = v.getValue().render(values);
            if (!value.isEmpty()) {
                out.put(v.getKey(), value); // an empty value is left out: CI rules see the variable as unset
            }
        }
        out.put(PipelineTriggers.TRIGGER_ID_VARIABLE, id);
        return out;
    }

    private static Map<String, Object> summary(Map<String, Object> pipeline, String project) {
        if (pipeline == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("project", String.valueOf(pipeline.get("project_id") != null ? pipeline.get("project_id") : project));
        out.put("pipelineId", pipeline.get("id"));
        out.put("ref", pipeline.get("ref"));
        out.put("webUrl", pipeline.get("web_url"));
        return out;
    }

    static String shortHash(String key) {
        return Sha256.hex(key).substring(0, 16);
    }
}
