package dev.bridge.config;

import dev.bridge.clients.ApiClient;
import dev.bridge.clients.Assignees;
import dev.bridge.clients.GhlNotes;
import dev.bridge.clients.GitLabUsers;
import dev.bridge.clients.PeopleHealthCheck;
import dev.bridge.effects.Effects;
import dev.bridge.effects.KnownSets;
import dev.bridge.effects.MemberChanges;
import dev.bridge.effects.MemberWrites;
import dev.bridge.links.Links;
import dev.bridge.links.TaskSync;
import dev.bridge.mapping.Mapping;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;

import javax.sql.DataSource;

/** The beans of tags and labels, rules, onboarding, pipelines and people (the flows F8-F11). */
final class AutomationBeans {

    private AutomationBeans() {
    }

    /** The parts these beans are made of, as BridgeConfiguration made them. */
    record Parts(CamelContext context, DataSource dataSource, EngineSettings engine, Settings settings, ApiClient ghl, ApiClient gitlab,
                 Mapping mapping, Links links) {
    }

    static void bind(Parts p) {
        Registry registry = p.context().getRegistry();
        KnownSets sets = new KnownSets(p.dataSource());
        Effects effects = new Effects(p.dataSource());
        registry.bind("knownSets", sets);
        registry.bind("effects", effects);
        registry.bind("memberChanges", new MemberChanges(sets));
        registry.bind("memberWrites", new MemberWrites(sets, p.ghl(), p.gitlab()));
        bindPeople(p, registry);
    }

    /** Who is who across the two sides (the people section): task assignees follow issue assignees and back. */
    private static void bindPeople(Parts p, Registry registry) {
        // the users GhlNotes reads authors with: one cache, one call per user
        Assignees assignees = new Assignees(p.mapping()::people, registry.lookupByNameAndType("ghlNotes", GhlNotes.class).users(),
                new GitLabUsers(p.gitlab()), p.engine().ghlLocationId);
        registry.bind("assignees", assignees);
        registry.lookupByNameAndType("taskSync", TaskSync.class).matchAssigneesWith(assignees);
        HealthCheckRegistry.get(p.context()).register(new PeopleHealthCheck(assignees));
    }
}
