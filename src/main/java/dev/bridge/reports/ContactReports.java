package dev.bridge.reports;

import dev.bridge.links.ContactValues;
import dev.bridge.mapping.PipelineReports;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The steps of F10 (kamelet bridge-build-report-action), for a Pipeline Hook or a Merge Request Hook in variable
 * {@code hook}: whether it is reported, which contacts it concerns, what each is told (pipelines.reports in the
 * mapping file), and the note, task and tags that says.
 */
public final class ContactReports {

    private static final DateTimeFormatter DUE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Supplier<PipelineReports> reports;
    private final String defaultProject;
    private final ReportContacts contacts;
    private final BuildStates states;

    public ContactReports(Supplier<PipelineReports> reports, String defaultProject, ReportContacts contacts, BuildStates states) {
        this.reports = reports;
        this.defaultProject = defaultProject;
        this.contacts = contacts;
        this.states = states;
    }

    @SuppressWarnings("unchecked")
    public Object step(@Header("BridgeReportStep") String step, Exchange exchange) throws SQLException {
        Map<String, Object> hook = exchange.getVariable("hook", Map.class);
        Map<String, Object> concerned = exchange.getVariable("concerned", Map.class);
        String outcome = exchange.getVariable("outcome", String.class);
        boolean pipeline = "pipeline".equals(hook.get("object_kind"));
        return switch (step) {
            case "reported" -> reported(hook, pipeline);
            case "contacts" -> pipeline ? contacts.ofPipeline(hook) : contacts.ofMergeRequest(hook);
            case "next" -> exchange.getVariable("contacts", List.class).get(exchange.getProperty(Exchange.LOOP_INDEX, Integer.class));
            case "outcome" -> pipeline ? outcome(hook, concerned) : "merged";
            case "needsContact" -> action(pipeline, outcome).needsContact();
            case "actions" -> actions(hook, concerned, outcome, exchange.getVariable("contact", Map.class), pipeline);
            default -> throw new IllegalArgumentException("bridge-build-report-action has no step '" + step + "'");
        };
    }

    /** A finished pipeline (failed or success), or a merged merge request, of a configured project and ref, with an action. */
    @SuppressWarnings("unchecked")
    private boolean reported(Map<String, Object> hook, boolean pipeline) {
        PipelineReports r = reports.get();
        Map<String, Object> attrs = (Map<String, Object>) hook.getOrDefault("object_attributes", Map.of());
        Map<String, Object> project = (Map<String, Object>) hook.getOrDefault("project", Map.of());
        if (!r.project(project.get("id"), project.get("path_with_namespace"), defaultProject)) {
            return false;
        }
        if (pipeline) {
            return r.reportsPipelines() && r.ref(attrs.get("ref")) && List.of("failed", "success").contains(String.valueOf(attrs.get("status")));
        }
        return !r.mergeRequestMerged().isEmpty() && "merge".equals(attrs.get("action")) && r.ref(attrs.get("target_branch"));
    }

    /** failed, fixed or success for this contact's build; null when nothing is to be said (or nothing is configured for it). */
    @SuppressWarnings("unchecked")
    private String outcome(Map<String, Object> hook, Map<String, Object> concerned) throws SQLException {
        Map<String, Object> attrs = (Map<String, Object>) hook.get("object_attributes");
        Map<String, Object> project = (Map<String, Object>) hook.get("project");
        String outcome = states.outcome(String.valueOf(concerned.get("contactId")), String.valueOf(project.get("id")), String.valueOf(attrs.get("ref")),
                Long.parseLong(String.valueOf(attrs.get("id"))), String.valueOf(attrs.get("status")));
        return BuildStates.NONE.equals(outcome) || reports.get().pipeline(outcome).isEmpty() ? null : outcome;
    }

    private PipelineReports.Action action(boolean pipeline, String outcome) {
        return pipeline ? reports.get().pipeline(outcome) : reports.get().mergeRequestMerged();
    }

    /** note (contactId, key, text), task (contactId, key, title, body, url, dueDate, assignedTo), tags (contactId, add); each null when not configured. */
    private Map<String, Object> actions(Map<String, Object> hook, Map<String, Object> concerned, String outcome, Map<String, Object> contact,
                                        boolean pipeline) {
        PipelineReports.Action action = action(pipeline, outcome);
        Map<String, Object> values = values(hook, concerned, contact, pipeline);
        String contactId = String.valueOf(concerned.get("contactId"));
        String key = key(hook, pipeline) + ":" + contactId;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("note", action.note().isEmpty() ? null : Map.of("contactId", contactId, "key", key + ":note", "text", action.note().render(values)));
        out.put("task", action.task() == null ? null : task(action.task(), values, contactId, key, contact));
        out.put("tags", action.tags().isEmpty() ? null : Map.of("contactId", contactId, "add", action.tags()));
        return out;
    }

    private static Map<String, Object> task(PipelineReports.Task task, Map<String, Object> values, String contactId, String key, Map<String, Object> contact) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("contactId", contactId);
        out.put("key", key + ":task");
        out.put("title", task.title().render(values));
        out.put("body", task.body().render(values));
        out.put("url", values.get("url"));
        out.put("dueDate", DUE.format(Instant.now().plus(task.due())));
        out.put("assignedTo", contact == null ? null : contact.get("assignedTo"));
        return out;
    }

    /** The effects' once-keys: a pipeline's status, or a merge request. */
    @SuppressWarnings("unchecked")
    private static String key(Map<String, Object> hook, boolean pipeline) {
        Map<String, Object> attrs = (Map<String, Object>) hook.get("object_attributes");
        Map<String, Object> project = (Map<String, Object>) hook.get("project");
        return pipeline ? "pipeline-report:" + project.get("id") + ":" + attrs.get("id") + ":" + attrs.get("status")
                : "merge-report:" + project.get("id") + ":" + attrs.get("iid");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> values(Map<String, Object> hook, Map<String, Object> concerned, Map<String, Object> contact, boolean pipeline) {
        Map<String, Object> attrs = (Map<String, Object>) hook.get("object_attributes");
        Map<String, Object> project = (Map<String, Object>) hook.getOrDefault("project", Map.of());
        Map<String, Object> values = new LinkedHashMap<>();
        if (contact != null) {
            // name, custom.<id> and the rest; url is the report's, set below
            values.putAll(ContactValues.of(contact, null, null, ""));
        }
        values.put("url", attrs.get("url"));
        values.put("project", project.get("path_with_namespace"));
        values.put("issue", concerned.get("issue"));
        values.put("issueUrl", concerned.get("issueUrl"));
        if (pipeline) {
            Map<String, Object> mr = hook.get("merge_request") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            values.put("ref", attrs.get("ref"));
            values.put("status", attrs.get("status"));
            values.put("pipelineId", attrs.get("id"));
            values.put("mergeRequest", mr.get("title"));
            values.put("mergeRequestUrl", mr.get("url"));
            values.put("trigger", concerned.get("trigger"));
        } else {
            values.put("title", attrs.get("title"));
            values.put("ref", attrs.get("target_branch"));
            values.put("mergedBy", ((Map<String, Object>) hook.getOrDefault("user", Map.of())).get("name"));
        }
        return values;
    }
}
