package dev.bridge.links;

import dev.bridge.clients.GitLabIssues;
import dev.bridge.mapping.TaskMapping;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The contact block on a contact's GitLab issues (flow F6): its own issue and the issues of its linked tasks. Each
 * link keeps the block the bridge last wrote (gitlab value {@code block}), so a contact change that leaves the block
 * as it was costs no GitLab call. An issue whose block changed is read first and its text above the block kept as
 * it is in GitLab: a person's edit that F3 has not seen yet is not written over (F3 takes it to the task as usual).
 */
public final class ContactBlocks {

    private static final Logger LOG = LoggerFactory.getLogger(ContactBlocks.class);
    private static final String MARKER_START = GitLabIssues.MARKER_START;

    private final Links links;
    private final GitLabIssues issues;
    private final Supplier<TaskMapping> mapping;
    private final String appUrl;

    public ContactBlocks(Links links, GitLabIssues issues, Supplier<TaskMapping> mapping, String appUrl) {
        this.links = links;
        this.issues = issues;
        this.mapping = mapping;
        this.appUrl = appUrl;
    }

    /** The contact block in an issue description the bridge composed (from its heading up to the marker), or null. */
    public static String blockIn(Object description, String heading) {
        if (description == null || heading == null || heading.isEmpty()) {
            return null;
        }
        String s = description.toString().replace("\r\n", "\n");
        int at = s.indexOf(heading);
        if (at < 0) {
            return null;
        }
        int end = s.indexOf(MARKER_START, at);
        return (end < 0 ? s.substring(at) : s.substring(at, end)).strip();
    }

    /**
     * Renders the contact's block (the body: a contact event) and writes it on each of its issues whose block differs
     * (kamelet gitlab-contact-block-refresh-action). Issues of deleted tasks keep theirs. Out: how many issues were edited.
     */
    public int refresh(@Body Map<String, Object> contact) throws SQLException {
        String contactId = String.valueOf(contact.get("id"));
        String block = mapping.get().contactBlock().render(ContactValues.of(contact, null, null, appUrl));
        List<Links.Link> targets = new ArrayList<>();
        Links.Link own = links.find(NoteSync.CONTACT_ISSUE, contactId);
        if (own != null) {
            targets.add(own);
        }
        targets.addAll(links.withParent(TaskSync.KIND, contactId));
        int edited = 0;
        for (Links.Link link : targets) {
            if (!"deleted".equals(link.ghlState()) && !Objects.equals(block, link.gitlabValues().get("block")) && write(link, block)) {
                edited++;
            }
        }
        return edited;
    }

    /** Writes the block on one issue unless it holds it already; remembers it either way. */
    private boolean write(Links.Link link, String block) throws SQLException {
        Map<String, Object> issue = issues.get(link.asMap());
        if (issue == null) {
            LOG.info("GitLab issue {} of {} {} is gone; its contact block is not refreshed", link.gitlabId(), link.kind(), link.ghlId());
            return false;
        }
        String current = Objects.toString(issue.get("description"), "").replace("\r\n", "\n").strip();
        String text = Texts.before(Texts.before(current, mapping.get().contactHeading()), MARKER_START);
        String kind = NoteSync.CONTACT_ISSUE.equals(link.kind()) ? "contact" : "task";
        String description = GitLabIssues.withMarker(Texts.join("\n\n", text, block), kind, link.ghlId());
        boolean changed = !description.equals(current);
        if (changed) {
            issues.update(link.asMap(), Map.of("description", description));
        }
        links.remember(link.kind(), link.ghlId(), Map.of(), Map.of("block", block));
        return changed;
    }
}
