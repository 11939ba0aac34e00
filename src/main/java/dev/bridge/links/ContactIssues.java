package dev.bridge.links;

import org.apache.camel.Body;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The GitLab issues of a HighLevel contact (its own issue and the issues of its linked tasks), and the contact of a
 * linked issue. Links whose HighLevel side was deleted are left out both ways: the bridge leaves those issues alone.
 */
public final class ContactIssues {

    private final Links links;

    public ContactIssues(Links links) {
        this.links = links;
    }

    /** The contact's live issue links (kamelet bridge-contact-issues-lookup-action); the body names it by contactId. */
    public List<Map<String, Object>> ofContact(@Body Map<String, Object> body) throws SQLException {
        String contactId = String.valueOf(body.get("contactId"));
        List<Links.Link> found = new ArrayList<>();
        Links.Link own = links.find(NoteSync.CONTACT_ISSUE, contactId);
        if (own != null) {
            found.add(own);
        }
        found.addAll(links.withParent(TaskSync.KIND, contactId));
        return found.stream().filter(l -> !"deleted".equals(l.ghlState())).map(Links.Link::asMap).toList();
    }

    /**
     * The link of the issue in the body ({@code project_id}, {@code iid}) with {@code contactId}: a task issue's
     * contact, or the contact whose own issue it is (kamelet bridge-issue-contact-lookup-action). Null when none.
     */
    public Map<String, Object> contactOf(@Body Map<String, Object> issue) throws SQLException {
        return contactOf(issue.get("project_id"), issue.get("iid"));
    }

    /** The same for issue {@code iid} of {@code project}: a live task link, else a live contact-issue link; or null. */
    public Map<String, Object> contactOf(Object project, Object iid) throws SQLException {
        String gitlabId = project + ":" + iid;
        for (String kind : List.of(TaskSync.KIND, NoteSync.CONTACT_ISSUE)) {
            Links.Link link = links.findByGitLab(kind, gitlabId);
            String contactId = link == null ? null : TaskSync.KIND.equals(kind) ? link.ghlParentId() : link.ghlId();
            if (contactId != null && !"deleted".equals(link.ghlState())) {
                Map<String, Object> out = link.asMap();
                out.put("contactId", contactId);
                return out;
            }
        }
        return null;
    }
}
