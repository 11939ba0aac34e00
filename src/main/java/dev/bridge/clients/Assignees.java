package dev.bridge.clients;

import dev.bridge.mapping.People;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Which GitLab user a HighLevel user is, and back, as the mapping's {@code people} section says: the table and
 * e-mail in the order of {@code match}, then the default. A table entry or default naming a GitLab user the token
 * cannot see is reported (one WARN line, and in health) and not guessed: the assignee is then left as it is, and the
 * default does not stand in for it. Nobody matching and no default leaves it as it is too, said once at INFO.
 */
public final class Assignees {

    private static final Logger LOG = LoggerFactory.getLogger(Assignees.class);
    private static final int MAX_SAID = 10_000;

    /** What to do with the other side: {@code apply} the value (a user id; null = nobody), or leave it as it is. */
    public record Outcome(boolean apply, String value) {
        static final Outcome LEAVE = new Outcome(false, null);

        static Outcome set(Object id) {
            return new Outcome(true, id == null ? null : id.toString());
        }
    }

    private final Supplier<People> people;
    private final GhlUsers ghlUsers;
    private final GitLabUsers gitlabUsers;
    private final String locationId;
    private final Map<String, String> unseen = new ConcurrentHashMap<>();
    private final Set<String> said = ConcurrentHashMap.newKeySet();

    public Assignees(Supplier<People> people, GhlUsers ghlUsers, GitLabUsers gitlabUsers, String locationId) {
        this.people = people;
        this.ghlUsers = ghlUsers;
        this.gitlabUsers = gitlabUsers;
        this.locationId = locationId;
    }

    /** The GitLab user id for a task's assignee; nobody assigned (null) is nobody on the issue. */
    public Outcome gitlabFor(String ghlUserId) {
        if (ghlUserId == null || ghlUserId.isBlank()) {
            return Outcome.set(null);
        }
        People p = people.get();
        for (People.Match m : p.match()) {
            if (m == People.Match.TABLE && p.byGhl(ghlUserId) != null) {
                People.Pair pair = p.byGhl(ghlUserId);
                return visible(pair.entry(), pair.gitlab());
            }
            if (m == People.Match.EMAIL) {
                String email = ghlUsers.email(ghlUserId);
                Map<String, Object> user = email == null ? null : gitlabUsers.byEmail(email);
                if (user != null) {
                    return Outcome.set(user.get("id"));
                }
            }
        }
        if (p.defaultGitlab() != null) {
            return visible("people.default.gitlab", p.defaultGitlab());
        }
        return nobody("HighLevel user " + ghlUserId + " matches no GitLab user (tried " + p.match() + ") and people.default names no GitLab user: "
                + "the issue's assignee is left as it is; add the user to people.table, or set people.default.gitlab");
    }

    /** The HighLevel user id for an issue's assignee (a GitLab user id); an issue with nobody assigned leaves the task as it is. */
    public Outcome ghlFor(String gitlabUserId) {
        if (gitlabUserId == null || gitlabUserId.isBlank()) {
            return Outcome.LEAVE;
        }
        People p = people.get();
        Map<String, Object> user = gitlabUsers.byId(gitlabUserId);
        for (People.Match m : p.match()) {
            if (m == People.Match.TABLE && user != null && p.byGitlab(String.valueOf(user.get("username"))) != null) {
                return Outcome.set(p.byGitlab(String.valueOf(user.get("username"))).ghl());
            }
            if (m == People.Match.EMAIL && user != null) {
                String id = ghlUsers.idByEmail(locationId, GitLabUsers.emailOf(user));
                if (id != null) {
                    return Outcome.set(id);
                }
            }
        }
        if (p.defaultGhl() != null) {
            return Outcome.set(p.defaultGhl());
        }
        return nobody("GitLab user " + gitlabUserId + (user == null ? "" : " (" + user.get("username") + ")") + " matches no HighLevel user (tried "
                + p.match() + ") and people.default names no HighLevel user: the task's assignedTo is left as it is; "
                + "add the user to people.table, or set people.default.ghl");
    }

    /** Entries naming a GitLab user the token cannot see, each with its fix (empty when all is well). */
    public Map<String, String> unseen() {
        return new TreeMap<>(unseen);
    }

    private Outcome visible(String entry, String username) {
        Map<String, Object> user = gitlabUsers.byUsername(username);
        if (user == null) {
            String fix = "GitLab user '" + username + "' is not visible to the bridge's token; correct the username, or let the token's user see it "
                    + "(on an instance with restricted user visibility: a member of the project, or an admin token)";
            if (unseen.put(entry, fix) == null) {
                LOG.warn("{}: {}; until then such assignees are left as they are", entry, fix);
            }
            return Outcome.LEAVE;
        }
        unseen.remove(entry);
        return Outcome.set(user.get("id"));
    }

    private Outcome nobody(String line) {
        if (said.size() > MAX_SAID) {
            said.clear();
        }
        if (said.add(line)) {
            LOG.info(line);
        }
        return Outcome.LEAVE;
    }
}
