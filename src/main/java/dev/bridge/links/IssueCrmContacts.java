package dev.bridge.links;

import dev.bridge.clients.CrmRefused;
import dev.bridge.clients.GitLabCrm;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A contact's GitLab issues (its own, and those of its linked tasks) point to its GitLab CRM contact, set once per
 * issue with issueSetCrmContacts APPEND (the link remembers it as gitlab value {@code crmContact}). CRM off or no
 * right is said once by {@link dev.bridge.clients.CrmStatus}; the flow that asked goes on either way.
 */
public final class IssueCrmContacts {

    private static final Logger LOG = LoggerFactory.getLogger(IssueCrmContacts.class);

    private final Links links;
    private final GitLabCrm crm;

    public IssueCrmContacts(Links links, GitLabCrm crm) {
        this.links = links;
        this.crm = crm;
    }

    /** Sets the contact's CRM contact on those of its issues that lack it (kamelet gitlab-issue-crm-contact-action); out: how many. */
    public int setOn(@Header("BridgeCrmContactOf") String contactId) throws SQLException {
        if (contactId == null || contactId.isBlank() || Boolean.FALSE.equals(crm.status().available())) {
            return 0;
        }
        Links.Link contact = links.find(ContactSync.KIND, contactId);
        if (contact == null || contact.gitlabId() == null) {
            return 0;
        }
        String gid = contact.gitlabId();
        List<Links.Link> issues = new ArrayList<>();
        Links.Link own = links.find(NoteSync.CONTACT_ISSUE, contactId);
        if (own != null) {
            issues.add(own);
        }
        issues.addAll(links.withParent(TaskSync.KIND, contactId));
        int set = 0;
        for (Links.Link issue : issues) {
            if (gid.equals(issue.gitlabValues().get("crmContact")) || "deleted".equals(issue.ghlState())) {
                continue;
            }
            try {
                crm.addToIssue(crm.projectPath(issue.gitlabProject()), issue.gitlabIid(), gid);
            } catch (CrmRefused refused) {
                // CRM off or no right: CrmStatus has said so once; anything else is this issue's own problem
                if (Boolean.FALSE.equals(crm.status().available())) {
                    return set;
                }
                LOG.warn("GitLab issue {} does not point to CRM contact {}: {}", issue.gitlabId(), gid, refused.getMessage());
                continue;
            }
            links.remember(issue.kind(), issue.ghlId(), Map.of(), Map.of("crmContact", gid));
            set++;
        }
        return set;
    }
}
