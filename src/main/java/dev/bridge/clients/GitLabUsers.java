package dev.bridge.clients;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * GitLab users as the bridge's token sees them: by username ({@code GET /users?username=}), by e-mail
 * ({@code GET /users?search=}: GitLab matches a user's public e-mail, or any e-mail for an admin token) and by id
 * ({@code GET /users/:id}). "Nobody" (404, an empty list, or a refusal) is an answer, kept like the others for a while.
 */
public final class GitLabUsers {

    static final int CAPACITY = 1000;
    static final Duration KEEP = Duration.ofMinutes(15);

    private final ApiClient api;
    private final RecentAnswers<String, Map<String, Object>> answers = new RecentAnswers<>(CAPACITY, KEEP, Clock.systemUTC());

    public GitLabUsers(ApiClient api) {
        this.api = api;
    }

    /** The user with this username, or null when the token sees none. */
    public Map<String, Object> byUsername(String username) {
        return answers.get("username:" + username, k -> only(list("/users?username=" + ApiClient.encode(username)), null), true);
    }

    /**
     * The user with this e-mail address, or null. The search also matches names and usernames, so an answer counts only
     * when it is the one user found, or the one whose (public) e-mail is the address.
     */
    public Map<String, Object> byEmail(String email) {
        return answers.get("email:" + email, k -> only(list("/users?search=" + ApiClient.encode(email)), email), true);
    }

    /** The user with this id, or null when the token cannot see it. */
    public Map<String, Object> byId(String id) {
        return answers.get("id:" + id, k -> {
            try {
                return api.get("/users/" + ApiClient.encode(id));
            } catch (ApiRejected refused) {
                return null;
            }
        }, true);
    }

    /** The user's e-mail address: its public one, or the one an admin token sees; null when neither is shown. */
    public static String emailOf(Map<String, Object> user) {
        for (String field : List.of("public_email", "email")) {
            Object e = user.get(field);
            if (e != null && e.toString().contains("@")) {
                return e.toString().strip();
            }
        }
        return null;
    }

    private List<?> list(String path) {
        try {
            return api.getAny(path) instanceof List<?> l ? l : List.of();
        } catch (ApiRejected refused) {
            return List.of();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> only(List<?> found, String email) {
        List<Map<String, Object>> users = found.stream().filter(Map.class::isInstance).map(u -> (Map<String, Object>) u).toList();
        if (email != null) {
            List<Map<String, Object>> same = users.stream().filter(u -> email.equalsIgnoreCase(emailOf(u))).toList();
            if (same.size() == 1) {
                return same.get(0);
            }
        }
        return users.size() == 1 ? users.get(0) : null;
    }
}
