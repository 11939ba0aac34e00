package dev.bridge.effects;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.bridge.clients.GhlContacts;
import dev.bridge.clients.GitLabIssues;
import dev.bridge.support.ApiRig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The bridge records its own tag write before the call (so a quick echo is known); when HighLevel refuses the write
 * (a 4xx: it did not happen), the record is taken back, or the contact's next event would "remove" a tag it never had.
 */
class MemberWritesRefusedTest {

    @TempDir
    static Path dir;
    static ApiRig rig;
    static WireMockServer ghl;
    static KnownSets sets;
    static MemberWrites writes;

    @BeforeAll
    static void start() {
        rig = new ApiRig(dir);
        ghl = rig.server;
        sets = new KnownSets(rig.ds);
        writes = new MemberWrites(sets, new GhlContacts(rig.api, "loc1"), new GitLabIssues(rig.api, "42"));
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @Test
    void a_tag_highlevel_refused_is_not_removed_by_the_contact_next_event() throws Exception {
        String owner = KnownSets.contactTags("refused1");
        sets.changes("ghl:refused-e1", owner, List.of("lead"), null, Instant.now().minusSeconds(60).toString());
        ghl.stubFor(post(urlEqualTo("/contacts/refused1/tags")).willReturn(aResponse().withStatus(422)));
        assertThrows(RuntimeException.class, () -> writes.tags(Map.of("contactId", "refused1", "add", List.of("vip")), null));
        assertEquals(Set.of("lead"), sets.present(owner), "the refused tag is not on the contact");

        KnownSets.Changes next = sets.changes("ghl:refused-e2", owner, List.of("lead", "new"), null, Instant.now().plusSeconds(1).toString());
        assertEquals(List.of("new"), next.added());
        assertEquals(List.of(), next.removed(), "nothing the contact had was removed");
    }
}
