package dev.bridge.config;

import dev.bridge.clients.ApiClient;
import dev.bridge.clients.GitLabMergeRequests;
import dev.bridge.clients.GitLabPipelines;
import dev.bridge.clients.GhlContacts;
import dev.bridge.clients.GhlTasks;
import dev.bridge.clients.GitLabIssues;
import dev.bridge.clients.Assignees;
import dev.bridge.clients.GhlNotes;
import dev.bridge.clients.GitLabUsers;
import dev.bridge.clients.PeopleHealthCheck;
import dev.bridge.effects.Effects;
import dev.bridge.effects.KnownSets;
import dev.bridge.effects.MemberChanges;
import dev.bridge.effects.MemberWrites;
import dev.bridge.effects.OnceWrites;
import dev.bridge.links.LabelRuleSteps;
import dev.bridge.links.ContactIssues;
import dev.bridge.links.Links;
import dev.bridge.links.TagLabels;
import dev.bridge.links.TaskSync;
import dev.bridge.mapping.Mapping;
import dev.bridge.reports.BuildStates;
import dev.bridge.reports.ContactReports;
import dev.bridge.reports.ReportContacts;
import dev.bridge.onboarding.OnboardingPlan;
import dev.bridge.mapping.PipelineTriggers;
import dev.bridge.pipelines.PipelineRuns;
import dev.bridge.pipelines.PipelineTriggering;
import dev.bridge.pipelines.TriggerTokens;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The beans of tags and labels, rules, onboarding, pipelines and people (the flows F8-F11). */
final class AutomationBeans {

    private AutomationBeans() {
    }

    /** The parts these beans are made of, as BridgeConfiguration made them. */
    record Parts(CamelContext context, DataSource dataSource, EngineSettings engine, Settings settings, ApiClient ghl, ApiClient gitlab,
                 Mapping mapping, Links links) {
    }

    /** Binds the beans; returns the secrets they hold (pipeline trigger tokens), for the Redactor. */
    static List<String> bind(Parts p) {
        Registry registry = p.context().getRegistry();
        KnownSets sets = new KnownSets(p.dataSource());
        Effects effects = new Effects(p.dataSource());
        registry.bind("knownSets", sets);
        registry.bind("effects", effects);
        registry.bind("memberChanges", new MemberChanges(sets));
        // the clients BridgeConfiguration bound: one per API object, shared
        GhlTasks tasks = registry.lookupByNameAndType("ghlTasks", GhlTasks.class);
        GhlNotes notes = registry.lookupByNameAndType("ghlNotes", GhlNotes.class);
        GitLabIssues issues = registry.lookupByNameAndType("gitlabIssues", GitLabIssues.class);
        registry.bind("memberWrites", new MemberWrites(sets, new GhlContacts(p.ghl(), p.engine().ghlLocationId), issues));
        ContactIssues contactIssues = new ContactIssues(p.links());
        registry.bind("onceWrites", new OnceWrites(effects, sets, notes, tasks));
        registry.bind("labelRuleSteps", new LabelRuleSteps(p.mapping()::labelRules, p.settings().url("ghl.app-url")));
        // F8: tags and labels
        registry.bind("contactIssues", contactIssues);
        registry.bind("tagLabels", new TagLabels(sets, p.mapping()::tags));
        // F9: onboarding tasks, each made once per contact
        registry.bind("onboardingPlan", new OnboardingPlan(p.mapping()::onboarding, p.settings().url("ghl.app-url")));
        bindReports(p, registry, contactIssues);
        bindPeople(p, registry);
        return new ArrayList<>(bindPipelineTriggers(p, effects));
    }

    /** F10: pipeline and merge request results reach the contacts they concern. */
    private static void bindReports(Parts p, Registry registry, ContactIssues contactIssues) {
        ReportContacts contacts = new ReportContacts(p.dataSource(), contactIssues, new GitLabMergeRequests(p.gitlab()));
        registry.bind("contactReports", new ContactReports(() -> p.mapping().pipelines().reports(), p.engine().gitlabProject, contacts,
                new BuildStates(p.dataSource())));
    }

    /** Flow F11: each trigger's token is checked here, so a missing one stops start-up with one line. */
    private static java.util.Collection<String> bindPipelineTriggers(Parts p, Effects effects) {
        EngineSettings e = p.engine();
        PipelineTriggers triggers = p.mapping().pipelines().triggers();
        Map<String, String> tokens = TriggerTokens.read(triggers, p.settings()::optional, e.gitlabProject);
        // the trigger token in the body is the only credential of a trigger; reading pipelines back needs GITLAB_TOKEN
        ApiClient triggerApi = new ApiClient(p.context(), e.gitlabBaseUrl + "/api/v4", Map.of("Accept", "application/json"), null);
        ApiClient reader = new ApiClient(p.context(), e.gitlabBaseUrl + "/api/v4",
                e.gitlabToken == null ? Map.of() : Map.of("PRIVATE-TOKEN", e.gitlabToken, "Accept", "application/json"),
                e.gitlabToken == null ? "GITLAB_TOKEN is not set: the bridge cannot look for a pipeline an earlier trigger may have made" : null);
        PipelineTriggering.Api api = new PipelineTriggering.Api(new GitLabPipelines(triggerApi, reader), e.gitlabPipelineTriggersPerMinute,
                e.retryPolicy.maxInMemoryWaitMillis());
        p.context().getRegistry().bind("pipelineTriggers", new PipelineTriggering(triggers, tokens, e.gitlabProject, api, effects,
                new PipelineRuns(p.dataSource()), p.settings().url("ghl.app-url")));
        return tokens.values();
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
