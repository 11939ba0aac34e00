package dev.bridge.clients;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * HighLevel users (scope users.readonly): one by id ({@code GET /users/:id}, for a note's author and a task's
 * assignee) and the location's users ({@code GET /users/?locationId=}, to find one by e-mail). Answers are kept in
 * memory for a while: users rarely change, and every note or task would otherwise cost a call.
 */
public final class GhlUsers {

    private static final Logger LOG = LoggerFactory.getLogger(GhlUsers.class);
    static final int CAPACITY = 1000;
    static final Duration KEEP = Duration.ofMinutes(15);

    private final ApiClient api;
    private final RecentAnswers<String, Map<String, Object>> users = new RecentAnswers<>(CAPACITY, KEEP, Clock.systemUTC());
    private final RecentAnswers<String, List<Map<String, Object>>> ofLocation = new RecentAnswers<>(4, KEEP, Clock.systemUTC());
    private final AtomicBoolean listRefusedSaid = new AtomicBoolean();

    public GhlUsers(ApiClient api) {
        this.api = api;
    }

    /**
     * The user, or null when there is none or the token may not read users: a note then says "a HighLevel user" and
     * an assignee matches by the table only. A refusal is not kept, so a scope granted later is seen at once.
     */
    public Map<String, Object> user(String userId) {
        if (userId == null || userId.isBlank()) {
            return null;
        }
        return users.get(userId, id -> {
            try {
                Map<String, Object> answer = api.get("/users/" + ApiClient.encode(id));
                return answer.get("user") instanceof Map<?, ?> inner ? cast(inner) : answer;
            } catch (ApiRejected refused) {
                return null;
            }
        }, false);
    }

    /** The user's e-mail address in lower case, or null. */
    public String email(String userId) {
        Map<String, Object> user = user(userId);
        Object email = user == null ? null : user.get("email");
        return email == null || email.toString().isBlank() ? null : email.toString().strip().toLowerCase(Locale.ROOT);
    }

    /** The id of the location's user with this e-mail address (any case) who is not deleted, or null. */
    public String idByEmail(String locationId, String email) {
        if (email == null || locationId == null) {
            return null;
        }
        List<Map<String, Object>> all = ofLocation.get(locationId, this::usersOf, true);
        for (Map<String, Object> user : all == null ? List.<Map<String, Object>>of() : all) {
            Object e = user.get("email");
            // a deleted user keeps its e-mail in the list; a task cannot be theirs
            if (e != null && e.toString().strip().equalsIgnoreCase(email) && !Boolean.TRUE.equals(user.get("deleted"))) {
                Object id = user.get("id") != null ? user.get("id") : user.get("_id");
                return id == null ? null : id.toString();
            }
        }
        return null;
    }

    private List<Map<String, Object>> usersOf(String location) {
        try {
            Object list = api.get("/users/?locationId=" + ApiClient.encode(location)).get("users");
            return list instanceof List<?> l ? l.stream().filter(Map.class::isInstance).map(GhlUsers::cast).toList() : List.of();
        } catch (ApiRejected refused) {
            if (listRefusedSaid.compareAndSet(false, true)) {
                LOG.warn("HighLevel does not let the bridge read the location's users ({}); GitLab assignees cannot be matched by e-mail: "
                        + "give the token the scope users.readonly, or list them in the mapping's people.table", refused.getMessage());
            }
            return List.of();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }
}
