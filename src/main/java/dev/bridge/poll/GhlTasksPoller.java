package dev.bridge.poll;

import dev.bridge.Sha256;
import dev.bridge.clients.GhlTasks;
import dev.bridge.errors.RetryPolicy;
import dev.bridge.inbox.EntityKeys;
import dev.bridge.links.Links;
import dev.bridge.links.TaskSync;
import org.apache.camel.CamelContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Edits made to a task in HighLevel, which sends no webhook for them: the tasks of the contacts that have linked
 * tasks are read in batches ({@code POST /locations/:id/tasks/search} by contactId) and each linked task becomes a
 * {@code ghl.TaskUpdate} event keyed by its content and its link's version, so an unchanged task is stored once.
 * The flow compares with what the link holds: only what really changed reaches the issue.
 */
public final class GhlTasksPoller extends Poller {

    public static final String NAME = "ghl-tasks";
    /** contacts per search: the request stays small and a page holds their tasks */
    static final int CONTACTS_PER_SEARCH = 50;
    static final int PAGE = 100;

    private final GhlTasks tasks;
    private final Links links;
    private final int maxPages;

    public GhlTasksPoller(CamelContext context, GhlTasks tasks, Links links, PollCursors cursors, int maxPages, RetryPolicy policy, Clock clock) {
        super(NAME, context, cursors, Duration.ZERO, policy, clock);
        this.tasks = tasks;
        this.links = links;
        this.maxPages = maxPages;
    }

    @Override
    protected void run(Instant from) throws Exception {
        List<String> contacts = links.parents(TaskSync.KIND);
        int pages = 0;
        for (int i = 0; i < contacts.size() && pages < maxPages; i += CONTACTS_PER_SEARCH) {
            List<String> batch = contacts.subList(i, Math.min(contacts.size(), i + CONTACTS_PER_SEARCH));
            for (int skip = 0; pages < maxPages; skip += PAGE) {
                List<Map<String, Object>> page = tasks.ofContacts(batch, skip, PAGE);
                pages++;
                List<Event> events = new ArrayList<>();
                for (Map<String, Object> task : page) {
                    Object id = task.get("id") != null ? task.get("id") : task.get("_id");
                    Long version = id == null ? null : links.version(TaskSync.KIND, id.toString());
                    if (version != null) {
                        events.add(event(id.toString(), task, version));
                    }
                }
                store(events);
                if (page.size() < PAGE) {
                    break;
                }
            }
        }
    }

    /**
     * Keyed by the task's content and the link's version: a task polled again unchanged is stored once, while a task
     * that returns to an earlier state after the link moved on (completed, then reopened) is news again.
     */
    private static Event event(String id, Map<String, Object> task, long linkVersion) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(task);
        body.put("id", id);
        body.put("type", "TaskUpdate");
        String content = Objects.toString(task.get("title"), "") + "\u0000" + Objects.toString(task.get("body"), "") + "\u0000"
                + Objects.toString(task.get("dueDate"), "") + "\u0000" + Objects.toString(task.get("completed"), "");
        if (task.get("assignedTo") != null) {
            // a task only reassigned is news too (left out when absent, so tasks without one keep their keys)
            content += "\u0000" + task.get("assignedTo");
        }
        String hash = Sha256.hex(content).substring(0, 32);
        String entity = EntityKeys.ghlTask(id);
        return new Event("ghl.TaskUpdate", entity + ":" + hash + ":" + linkVersion, entity, null, body);
    }
}
