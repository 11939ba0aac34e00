package dev.bridge.effects;

import dev.bridge.config.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The journal and the member sets on a real H2 file migrated by Flyway, as the bridge opens it. The flows' own tests
 * (tags, labels, rules, onboarding, pipelines) cover them end to end; these pin the timing rules those rely on.
 */
class EffectsAndKnownSetsTest {

    @TempDir
    static Path dir;
    static DataSource ds;

    @BeforeAll
    static void open() {
        ds = Database.open("jdbc:h2:file:" + dir.resolve("bridge"), "sa", "");
    }

    @AfterAll
    static void close() {
        Database.close(ds);
    }

    @Test
    void an_effect_runs_once_and_later_attempts_get_its_result() throws Exception {
        Effects effects = new Effects(ds);
        AtomicInteger runs = new AtomicInteger();
        Map<String, Object> first = effects.once("test:once", since -> null, () -> Map.of("id", runs.incrementAndGet()));
        Map<String, Object> second = effects.once("test:once", since -> null, () -> Map.of("id", runs.incrementAndGet()));
        assertEquals(1, runs.get());
        assertEquals(first, second);
    }

    @Test
    void an_attempt_that_failed_after_starting_looks_on_the_other_side_before_acting_again() throws Exception {
        Effects effects = new Effects(ds);
        AtomicInteger runs = new AtomicInteger();
        Instant before = Instant.now().minusSeconds(1);
        assertThrows(IllegalStateException.class, () -> effects.once("test:timeout", since -> null, () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("timed out after the other side acted");
        }));
        Instant[] askedSince = new Instant[1];
        Map<String, Object> found = effects.once("test:timeout", since -> {
            askedSince[0] = since;
            return Map.of("id", 7);
        }, () -> Map.of("id", runs.incrementAndGet()));
        assertEquals(Map.of("id", 7), found);
        assertEquals(1, runs.get(), "found on the other side, not made again");
        assertEquals(true, !askedSince[0].isBefore(before), "the search starts at the first attempt");
        // and once found it is done: no further search
        assertEquals(Map.of("id", 7), effects.once("test:timeout", since -> { throw new AssertionError("searched again"); }, () -> Map.of()));
    }

    @Test
    void an_attempt_that_finds_nothing_acts_again() throws Exception {
        Effects effects = new Effects(ds);
        assertThrows(IllegalStateException.class, () -> effects.once("test:lost", since -> null, () -> {
            throw new IllegalStateException("refused before acting");
        }));
        assertEquals(Map.of("id", 2), effects.once("test:lost", since -> null, () -> Map.of("id", 2)));
    }

    @Test
    void a_change_is_worked_out_once_per_event_and_the_bridge_own_write_has_no_echo() throws Exception {
        KnownSets sets = new KnownSets(ds);
        String owner = KnownSets.contactTags("c1");
        KnownSets.Changes first = sets.changes("ghl:e1", owner, List.of("vip", "lead"), null, "2026-12-01T10:00:00Z");
        assertEquals(List.of("vip", "lead"), first.added(), "a contact never seen: all its tags are new");
        // every flow and every retry of the same event gets the same answer, although the set has moved on
        assertEquals(first, sets.changes("ghl:e1", owner, List.of("vip", "lead"), null, "2026-12-01T10:00:00Z"));

        KnownSets.Changes removed = sets.changes("ghl:e2", owner, List.of("vip"), null, "2026-12-01T10:01:00Z");
        assertEquals(List.of(), removed.added());
        assertEquals(List.of("lead"), removed.removed());

        sets.written(owner, List.of("customer"), List.of());
        KnownSets.Changes echo = sets.changes("ghl:e3", owner, List.of("vip", "customer"), null, Instant.now().toString());
        assertEquals(new KnownSets.Changes(List.of(), List.of()), echo, "the bridge's own tag comes back as nothing new");
    }

    @Test
    void an_event_older_than_the_bridge_write_does_not_undo_it() throws Exception {
        KnownSets sets = new KnownSets(ds);
        String owner = KnownSets.issueLabels(42, 7);
        sets.changes("gitlab:h1", owner, List.of("bug"), List.of("bug"), "2026-12-01T10:00:00Z");
        sets.written(owner, List.of("customer::vip"), List.of());
        // a hook for an edit made before the bridge's write, delivered after it: it lacks the label
        KnownSets.Changes late = sets.changes("gitlab:h0", owner, List.of("bug", "urgent"), List.of("bug"), "2026-12-01T10:00:30Z");
        assertEquals(List.of("urgent"), late.added());
        assertEquals(List.of(), late.removed(), "the label the bridge wrote later stays");
        assertEquals(java.util.Set.of("bug", "urgent", "customer::vip"), sets.present(owner));
    }

    @Test
    void an_event_delivered_after_a_newer_one_does_not_add_a_tag_the_newer_one_no_longer_had() throws Exception {
        KnownSets sets = new KnownSets(ds);
        String owner = KnownSets.contactTags("late1");
        sets.changes("ghl:late-e1", owner, List.of("vip"), null, "2026-12-01T10:00:00Z");
        // tag "trial" was added at 10:01 and removed at 10:02; the 10:02 event is delivered first, the 10:01 one after it
        assertEquals(new KnownSets.Changes(List.of(), List.of()), sets.changes("ghl:late-e3", owner, List.of("vip"), null, "2026-12-01T10:02:00Z"));
        KnownSets.Changes late = sets.changes("ghl:late-e2", owner, List.of("vip", "trial"), null, "2026-12-01T10:01:00Z");
        assertEquals(List.of(), late.added(), "the contact no longer has the tag: nothing is triggered for it");
        assertEquals(java.util.Set.of("vip"), sets.present(owner));
        // a newer event that adds it again does
        assertEquals(List.of("trial"), sets.changes("ghl:late-e4", owner, List.of("vip", "trial"), null, "2026-12-01T10:03:00Z").added());
    }

    @Test
    void a_hook_names_what_was_there_before_for_an_issue_the_bridge_never_saw() throws Exception {
        KnownSets sets = new KnownSets(ds);
        KnownSets.Changes changes = sets.changes("gitlab:h9", KnownSets.issueLabels(42, 9), List.of("a", "c"), List.of("a", "b"), "2026-12-01T10:00:00Z");
        assertEquals(List.of("c"), changes.added());
        assertEquals(List.of("b"), changes.removed());
    }

    @Test
    void the_purge_keeps_the_worked_out_changes_of_a_dead_letter_so_its_late_replay_still_acts() throws Exception {
        KnownSets sets = new KnownSets(ds);
        try (java.sql.Connection c = ds.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO inbox (source, delivery_id, "
                + "event_type, entity_key, order_key, status, attempts, received_at) VALUES ('ghl', 'dead-purge1', 'ghl.ContactTagUpdate', "
                + "'ghl:contact:deadPurge', 'ghl:contact:deadPurge', 'DEAD', 1, ?)")) {
            ps.setTimestamp(1, java.sql.Timestamp.from(Instant.now()));
            ps.executeUpdate();
        }
        String owner = KnownSets.contactTags("deadPurge");
        KnownSets.Changes first = sets.changes("ghl:dead-purge1", owner, List.of("provision"), null, "2026-12-01T10:00:00Z");
        assertEquals(List.of("provision"), first.added());
        // the dead letter waits beyond the retention (its trigger's token was wrong); then it is replayed
        new dev.bridge.inbox.InboxClaims(ds, "test", 60_000, new dev.bridge.inbox.DbClock()).purgeFinishedBefore(System.currentTimeMillis() + 1000);
        assertEquals(first, sets.changes("ghl:dead-purge1", owner, List.of("provision"), null, "2026-12-01T10:00:00Z"),
                "the replay gets the tag as added, as the first attempt did");
    }

    @Test
    void the_hourly_purge_drops_old_worked_out_changes_and_keeps_effects() throws Exception {
        KnownSets sets = new KnownSets(ds);
        Effects effects = new Effects(ds);
        sets.changes("ghl:purge1", KnownSets.contactTags("purge"), List.of("a"), null, "2026-12-01T10:00:00Z");
        effects.once("onboarding:purge:1", since -> null, () -> Map.of("id", "t1"));
        new dev.bridge.inbox.InboxClaims(ds, "test", 60_000, new dev.bridge.inbox.DbClock()).purgeFinishedBefore(System.currentTimeMillis() + 1000);
        assertEquals(null, effects.result("changes:ghl:purge1:" + KnownSets.contactTags("purge")), "worked-out changes go with their events");
        assertEquals(Map.of("id", "t1"), effects.result("onboarding:purge:1"), "what the bridge did once stays on record");
    }
}
