package dev.bridge.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WireMock transformer that keeps a contact's HighLevel tasks the way HighLevel does: a stub that uses it on
 * {@code POST /contacts/:id/tasks} makes the task (kept at once, before any delay the stub adds to its answer), and
 * one on {@code GET /contacts/:id/tasks} lists what was made. So a task made by a call that timed out is there.
 */
public final class GhlContactTasks implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "ghl-contact-tasks";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, List<Map<String, Object>>> TASKS = new ConcurrentHashMap<>();
    private static final AtomicInteger IDS = new AtomicInteger();

    /** Forgets every task. */
    public static void reset() {
        TASKS.clear();
    }

    /** A task the contact had already (made by a person, for example). */
    public static void seed(String contactId, Map<String, Object> task) {
        TASKS.computeIfAbsent(contactId, c -> new ArrayList<>()).add(new LinkedHashMap<>(task));
    }

    @Override
    @SuppressWarnings("unchecked")
    public ResponseDefinition transform(ServeEvent event) {
        String contactId = event.getRequest().getUrl().split("/")[2];
        List<Map<String, Object>> tasks = TASKS.computeIfAbsent(contactId, c -> new ArrayList<>());
        try {
            if (!"POST".equals(event.getRequest().getMethod().getName())) {
                synchronized (tasks) {
                    return answer(event, 200, Map.of("tasks", List.copyOf(tasks)));
                }
            }
            Map<String, Object> task = new LinkedHashMap<>(JSON.readValue(event.getRequest().getBodyAsString(), Map.class));
            task.put("id", String.format("madeTask%012d", IDS.incrementAndGet()));
            task.put("contactId", contactId);
            task.put("dateAdded", Instant.now().toString());
            synchronized (tasks) {
                tasks.add(task);
            }
            return answer(event, 201, Map.of("task", task));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ResponseDefinition answer(ServeEvent event, int status, Object body) throws Exception {
        return ResponseDefinitionBuilder.like(event.getResponseDefinition()).withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(JSON.writeValueAsString(body)).build();
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
