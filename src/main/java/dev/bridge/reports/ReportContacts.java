package dev.bridge.reports;

import dev.bridge.clients.GitLabMergeRequests;
import dev.bridge.effects.Effects;
import dev.bridge.links.ContactIssues;
import dev.bridge.mapping.PipelineTriggers;
import dev.bridge.pipelines.PipelineRuns;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HighLevel contacts a pipeline or a merge request concerns (F10): the contact the bridge triggered a pipeline
 * for (F11's {@code pipeline_runs}), and the contacts linked to the issues a merge request closes or mentions (a
 * task's issue: the task's contact; a contact's own issue: that contact). Each contact once, with the first issue
 * that concerns it.
 */
public final class ReportContacts {

    /** #12 in a title or description: an issue of the same project (not group/project#12, !12 or &12). */
    private static final Pattern MENTION = Pattern.compile("(?<![A-Za-z0-9_/&!#-])#([0-9]{1,9})\\b");

    private final DataSource dataSource;
    private final ContactIssues contactIssues;
    private final GitLabMergeRequests mergeRequests;

    public ReportContacts(DataSource dataSource, ContactIssues contactIssues, GitLabMergeRequests mergeRequests) {
        this.dataSource = dataSource;
        this.contactIssues = contactIssues;
        this.mergeRequests = mergeRequests;
    }

    /** Of a Pipeline Hook: its triggered-for contact, and those of its merge request's issues. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> ofPipeline(Map<String, Object> hook) throws SQLException {
        Map<String, Object> attrs = (Map<String, Object>) hook.get("object_attributes");
        Map<String, Object> project = (Map<String, Object>) hook.getOrDefault("project", Map.of());
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        triggered(project, attrs.get("id"), found);
        if (found.isEmpty()) {
            plannedTrigger(attrs.get("variables"), found);
        }
        if (hook.get("merge_request") instanceof Map<?, ?> mr && mr.get("iid") != null) {
            Object target = mr.get("target_project_id") != null ? mr.get("target_project_id") : project.get("id");
            Map<String, Object> full = mergeRequests.get(target, mr.get("iid"));
            issues(target, mr.get("iid"), full.get("title"), full.get("description"), found);
        }
        return new ArrayList<>(found.values());
    }

    /** Of a Merge Request Hook: the contacts of the issues it closes or mentions. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> ofMergeRequest(Map<String, Object> hook) throws SQLException {
        Map<String, Object> attrs = (Map<String, Object>) hook.get("object_attributes");
        Object project = attrs.get("target_project_id") != null ? attrs.get("target_project_id")
                : ((Map<String, Object>) hook.getOrDefault("project", Map.of())).get("id");
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        issues(project, attrs.get("iid"), attrs.get("title"), attrs.get("description"), found);
        return new ArrayList<>(found.values());
    }

    /** The contact a pipeline was triggered for; F11 may have named the project by id or by path. */
    private void triggered(Map<String, Object> project, Object pipelineId, Map<String, Map<String, Object>> found) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT contact_id, trigger_name FROM pipeline_runs WHERE pipeline_id = ? "
                     + "AND (gitlab_project = ? OR gitlab_project = ?) ORDER BY contact_id")) {
            ps.setLong(1, Long.parseLong(String.valueOf(pipelineId)));
            ps.setString(2, String.valueOf(project.get("id")));
            ps.setString(3, String.valueOf(project.get("path_with_namespace")));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> contact = new LinkedHashMap<>();
                    contact.put("contactId", rs.getString(1));
                    contact.put("trigger", rs.getString(2));
                    found.putIfAbsent(rs.getString(1), contact);
                }
            }
        }
    }

    /** A pipeline whose hook came before GitLab's answer to the trigger: its contact by the trigger id it carries. */
    private void plannedTrigger(Object variables, Map<String, Map<String, Object>> found) throws SQLException {
        if (!(variables instanceof List<?> list)) {
            return;
        }
        for (Object v : list) {
            if (v instanceof Map<?, ?> variable && PipelineTriggers.TRIGGER_ID_VARIABLE.equals(variable.get("key")) && variable.get("value") != null) {
                try (Connection c = dataSource.getConnection()) {
                    Map<String, Object> planned = Effects.readDone(c, PipelineRuns.plannedKey(String.valueOf(variable.get("value"))));
                    if (planned != null) {
                        Map<String, Object> contact = new LinkedHashMap<>();
                        contact.put("contactId", String.valueOf(planned.get("contactId")));
                        contact.put("trigger", planned.get("trigger"));
                        found.putIfAbsent(String.valueOf(planned.get("contactId")), contact);
                    }
                }
            }
        }
    }

    private void issues(Object project, Object mrIid, Object title, Object description, Map<String, Map<String, Object>> found) throws SQLException {
        for (Map<String, Object> issue : mergeRequests.closesIssues(project, mrIid)) {
            Object issueProject = issue.get("project_id") != null ? issue.get("project_id") : project;
            linked(issueProject, issue.get("iid"), issue.get("title"), issue.get("web_url"), found);
        }
        Matcher m = MENTION.matcher((title == null ? "" : title) + "\n" + (description == null ? "" : description));
        while (m.find()) {
            linked(project, m.group(1), null, null, found);
        }
    }

    private void linked(Object project, Object iid, Object title, Object url, Map<String, Map<String, Object>> found) throws SQLException {
        Map<String, Object> link = contactIssues.contactOf(project, iid);
        String contactId = link == null ? null : String.valueOf(link.get("contactId"));
        if (contactId == null || found.containsKey(contactId)) {
            return;
        }
        Object known = ((Map<?, ?>) link.get("gitlab")).get("title");
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("contactId", contactId);
        contact.put("issue", title != null ? title : known != null ? known : "#" + iid);
        contact.put("issueUrl", url != null ? url : link.get("gitlabUrl"));
        found.put(contactId, contact);
    }
}
