package dev.bridge.effects;

import dev.bridge.links.Dates;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sets the bridge follows member by member: a contact's tags (GHL sends the whole list, not the change) and an
 * issue's labels. What an event added and removed is worked out once, against what the bridge last knew, and
 * recorded with the event: every flow of the event and every later attempt of it get the same answer. The bridge's
 * own writes are recorded too, so their echo changes nothing, and an event older than a write does not undo it.
 */
public final class KnownSets {

    /** What one event changed in one set. */
    public record Changes(List<String> added, List<String> removed) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("added", added);
            m.put("removed", removed);
            return m;
        }
    }

    private final DataSource dataSource;

    public KnownSets(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The member, under {@link #newestOf}, whose time is that of the newest event worked out for a set. */
    private static final String NEWEST = "newest-event";

    private static String newestOf(String owner) {
        return owner + ":newest-event";
    }

    /** The owner key of a contact's tags. */
    public static String contactTags(String contactId) {
        return "ghl:contact:" + contactId + ":tags";
    }

    /** The owner key of an issue's labels. */
    public static String issueLabels(Object project, Object iid) {
        return "gitlab:issue:" + project + ":" + iid + ":labels";
    }

    /**
     * What event {@code eventKey} changed in {@code owner}'s set, which it says is now {@code now}.
     *
     * @param before    what the set held before the event when the event says so (an Issue Hook's previous labels),
     *                  for members the bridge knows nothing of; null when the event does not say
     * @param eventTime when the event happened; a member the bridge wrote later keeps the bridge's value
     */
    @SuppressWarnings("unchecked")
    public Changes changes(String eventKey, String owner, Collection<String> now, Collection<String> before, String eventTime) throws SQLException {
        String key = "changes:" + eventKey + ":" + owner;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<String, Object> recorded = Effects.readDone(c, key);
                if (recorded != null) {
                    c.rollback();
                    return new Changes((List<String>) recorded.get("added"), (List<String>) recorded.get("removed"));
                }
                Map<String, Known> known = read(c, owner);
                Instant at = Dates.parse(eventTime);
                // the newest event seen for the set: a member it did not have, which the bridge does not know, was absent then
                Known newest = read(c, newestOf(owner)).get(NEWEST);
                boolean older = at != null && newest != null && newest.changedAt != null && at.isBefore(newest.changedAt);
                Set<String> present = new LinkedHashSet<>(now);
                Set<String> candidates = new LinkedHashSet<>(present);
                candidates.addAll(known.keySet());
                if (before != null) {
                    candidates.addAll(before);
                }
                List<String> added = new ArrayList<>();
                List<String> removed = new ArrayList<>();
                for (String member : candidates) {
                    Known k = known.get(member);
                    boolean was = k != null ? k.present : before != null && before.contains(member);
                    boolean is = present.contains(member);
                    if (was == is) {
                        continue;
                    }
                    if (k != null && at != null && k.changedAt != null && at.isBefore(k.changedAt)) {
                        continue; // the bridge (or a newer event) set this member after the event happened
                    }
                    if (k == null && older) {
                        continue; // a newer event, already worked out, did not have it
                    }
                    (is ? added : removed).add(member);
                    set(c, owner, member, is, eventTime);
                }
                for (String member : present) {
                    if (!known.containsKey(member) && !added.contains(member) && !older) {
                        set(c, owner, member, true, eventTime);
                    }
                }
                if (at != null && !older) {
                    set(c, newestOf(owner), NEWEST, true, eventTime);
                }
                Changes changes = new Changes(added, removed);
                Effects.recordDone(c, key, changes.toMap());
                c.commit();
                return changes;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** A member's record before a write of the bridge replaced it; present is null when there was none. */
    public record Prior(String member, Boolean present, String changedAt) {
    }

    /**
     * What one write of the bridge replaced, and when it was written, to take it back ({@link #refused}); added and
     * removed are the members it is to write (those a newer change decided otherwise left out).
     */
    public record Write(String owner, String at, List<Prior> prior, List<String> added, List<String> removed) {
    }

    /** Records the bridge's own write to a set (before it makes the call, so that even a quick echo finds it). */
    public Write written(String owner, Collection<String> added, Collection<String> removed) throws SQLException {
        return written(owner, added, removed, null);
    }

    /**
     * The same for a write an event decided when it arrived at {@code since}: a member whose record went the other way
     * after that (a person's newer change, a newer event) is left out, so a retry an hour later does not undo it.
     */
    public Write written(String owner, Collection<String> added, Collection<String> removed, Instant since) throws SQLException {
        String at = Instant.now().toString();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Prior> prior = new ArrayList<>();
                List<String> adds = new ArrayList<>();
                List<String> removes = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT present, changed_at FROM known_members WHERE owner_key = ? AND member = ?")) {
                    for (String m : concat(added, removed)) {
                        boolean add = added.contains(m);
                        ps.setString(1, owner);
                        ps.setString(2, m);
                        try (ResultSet rs = ps.executeQuery()) {
                            Prior p = rs.next() ? new Prior(m, rs.getBoolean(1), rs.getString(2)) : new Prior(m, null, null);
                            if (p.present() != null && p.present() != add && decidedAfter(p, since)) {
                                continue;
                            }
                            prior.add(p);
                            (add ? adds : removes).add(m);
                        }
                    }
                }
                for (String m : adds) {
                    set(c, owner, m, true, at);
                }
                for (String m : removes) {
                    set(c, owner, m, false, at);
                }
                c.commit();
                return new Write(owner, at, prior, adds, removes);
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Takes back a write the other side refused (it did not happen): each member gets its record from before, unless
     * something newer changed it since.
     */
    public void refused(Write write) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement back = c.prepareStatement("UPDATE known_members SET present = ?, changed_at = ? WHERE owner_key = ? AND member = ? AND changed_at = ?");
             PreparedStatement drop = c.prepareStatement("DELETE FROM known_members WHERE owner_key = ? AND member = ? AND changed_at = ?")) {
            for (Prior p : write.prior()) {
                if (p.present() == null) {
                    drop.setString(1, write.owner());
                    drop.setString(2, p.member());
                    drop.setString(3, write.at());
                    drop.executeUpdate();
                } else {
                    back.setBoolean(1, p.present());
                    back.setString(2, p.changedAt());
                    back.setString(3, write.owner());
                    back.setString(4, p.member());
                    back.setString(5, write.at());
                    back.executeUpdate();
                }
            }
        }
    }

    private static boolean decidedAfter(Prior p, Instant since) {
        Instant changed = since == null ? null : Dates.parse(p.changedAt());
        return changed != null && changed.isAfter(since);
    }

    private static List<String> concat(Collection<String> a, Collection<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Whether the bridge knows anything of the owner's set. */
    public boolean isKnown(String owner) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return !read(c, owner).isEmpty();
        }
    }

    /** The members the bridge knows to be present. */
    public Set<String> present(String owner) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Set<String> out = new LinkedHashSet<>();
            read(c, owner).forEach((m, k) -> {
                if (k.present) {
                    out.add(m);
                }
            });
            return out;
        }
    }

    private record Known(boolean present, Instant changedAt) {
    }

    private static Map<String, Known> read(Connection c, String owner) throws SQLException {
        Map<String, Known> known = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT member, present, changed_at FROM known_members WHERE owner_key = ?")) {
            ps.setString(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    known.put(rs.getString(1), new Known(rs.getBoolean(2), Dates.parse(rs.getString(3))));
                }
            }
        }
        return known;
    }

    private static void set(Connection c, String owner, String member, boolean present, String at) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE known_members SET present = ?, changed_at = ? WHERE owner_key = ? AND member = ?")) {
            up.setBoolean(1, present);
            up.setString(2, at);
            up.setString(3, owner);
            up.setString(4, member);
            if (up.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement in = c.prepareStatement("INSERT INTO known_members (owner_key, member, present, changed_at) VALUES (?, ?, ?, ?)")) {
            in.setString(1, owner);
            in.setString(2, member);
            in.setBoolean(3, present);
            in.setString(4, at);
            in.executeUpdate();
        }
    }
}
