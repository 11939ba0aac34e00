package dev.bridge.config;

import dev.bridge.clients.ApiClient;
import dev.bridge.clients.GitLabMergeRequests;
import dev.bridge.clients.GhlTasks;
import dev.bridge.effects.Effects;
import dev.bridge.effects.KnownSets;
import dev.bridge.effects.MemberChanges;
import dev.bridge.effects.MemberWrites;
import dev.bridge.effects.OnceWrites;
import dev.bridge.links.LabelRuleSteps;
import dev.bridge.links.ContactIssues;
import dev.bridge.links.Links;
import dev.bridge.links.TagLabels;
import dev.bridge.mapping.Mapping;
import dev.bridge.reports.BuildStates;
import dev.bridge.reports.ContactReports;
import dev.bridge.reports.ReportContacts;
import dev.bridge.onboarding.OnboardingPlan;
import org.apache.camel.CamelContext;
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
        registry.bind("onceWrites", new OnceWrites(effects, sets, p.ghl(), new GhlTasks(p.ghl(), p.engine().ghlLocationId, 20)));
        registry.bind("labelRuleSteps", new LabelRuleSteps(p.links(), p.mapping()::labelRules, p.settings().url("ghl.app-url")));
        // F8: tags and labels
        registry.bind("contactIssues", new ContactIssues(p.links()));
        registry.bind("tagLabels", new TagLabels(sets, p.mapping()::tags));
        // F9: onboarding tasks, each made once per contact
        registry.bind("onboardingPlan", new OnboardingPlan(p.mapping()::onboarding, p.settings().url("ghl.app-url")));
        bindReports(p, registry);
    }

    /** F10: pipeline and merge request results reach the contacts they concern. */
    private static void bindReports(Parts p, Registry registry) {
        ReportContacts contacts = new ReportContacts(p.dataSource(), p.links(), new GitLabMergeRequests(p.gitlab()));
        registry.bind("contactReports", new ContactReports(() -> p.mapping().pipelines().reports(), p.engine().gitlabProject, contacts,
                new BuildStates(p.dataSource())));
    }
}
