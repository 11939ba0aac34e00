package dev.bridge.demo;

import dev.bridge.mapping.Mapping;
import dev.bridge.mapping.TaskMapping;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar ghl-gitlab-bridge.jar demo [--keep-running]}: the real bridge against built-in stand-ins of
 * HighLevel and GitLab, no accounts, tokens or network, telling what happens step by step.
 */
public final class Demo {

    /** What the stand-ins hold when the story is over. */
    public record Outcome(ObjectNode task1, ObjectNode issue1, List<ObjectNode> issue1Comments, ObjectNode task2, ObjectNode issue2,
                          List<ObjectNode> issue2Comments, List<String> refusedCalls, String configuredLabels, String deletedComment,
                          Notes notes, List<String> echoCalls, Contacts contacts, Automation automation) {
    }

    /**
     * Steps 7 to 9: the first contact (its tags and notes), the second contact and its tasks, the onboarding task whose
     * TaskCreate was sent and the issues carrying its marker, the calls for the repeated ContactCreate, the pipeline the
     * tag triggered, the trigger calls made, and the contact's notes about that pipeline.
     */
    public record Automation(ObjectNode contact, ObjectNode secondContact, List<ObjectNode> secondContactTasks, String onboardedTask,
                             List<ObjectNode> onboardedTaskIssues, List<String> repeatCalls, ObjectNode pipeline, List<String> triggerCalls,
                             List<ObjectNode> pipelineNotes) {
    }

    /**
     * Step 6: the group's CRM contacts in GitLab, the contact in HighLevel, the phone and e-mail the story changed, and
     * the calls made for HighLevel's ContactUpdate about the bridge's own write.
     */
    public record Contacts(List<ObjectNode> crmContacts, ObjectNode ghlContact, String newPhone, String newEmail, List<String> echoCalls) {
    }

    /**
     * Step 5: the contact's issues in GitLab (those with its marker) and the comments on the first, the contact's notes
     * in HighLevel, the texts written on each side, the note's author and the GitLab comment's address.
     */
    public record Notes(String contactId, List<ObjectNode> contactIssues, List<ObjectNode> contactIssueComments, List<ObjectNode> contactNotes,
                        String highLevelNote, String author, String gitlabComment, String gitlabCommentUrl) {
    }

    /** Everything is stopped; a Ctrl+C in --keep-running mode waits for it. */
    private static final CountDownLatch STOPPED = new CountDownLatch(1);

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        boolean keepRunning = false;
        for (String arg : args) {
            if (arg.equals("--keep-running")) {
                keepRunning = true;
            } else {
                System.err.println("demo: unknown option '" + arg + "'; use: java -jar ghl-gitlab-bridge.jar demo [--keep-running]");
                System.exit(2);
            }
        }
        // the story is the output: the bridge's own INFO lines would drown it (warnings still show)
        Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.WARN);
        try {
            run(System.out, keepRunning);
            System.exit(0);
        } catch (DemoStory.StepFailed e) {
            System.out.println();
            System.out.println("The demo stopped: " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            System.out.println();
            System.out.println("The demo stopped: " + root.getClass().getSimpleName() + ": " + root.getMessage());
            System.exit(1);
        }
    }

    /** Runs the story once, in this JVM, then stops the bridge and the stand-ins. */
    public static Outcome run(PrintStream out) throws Exception {
        return run(out, false);
    }

    static Outcome run(PrintStream out, boolean keepRunning) throws Exception {
        if (!Files.isDirectory(Path.of("routes"))) {
            throw new DemoStory.StepFailed("there is no routes/ folder in " + Path.of("").toAbsolutePath()
                    + ": run the demo from the folder that holds routes/ (the repository's root works)");
        }
        CallLog log = new CallLog(out);
        DemoKeys keys = new DemoKeys();
        DemoGhl ghl = new DemoGhl(log);
        DemoGitLab gitlab = new DemoGitLab(log);
        DemoBridge bridge = null;
        try {
            out.println("ghl-gitlab-bridge demo: the real bridge (its flows from routes/, inbox and retries) against stand-ins of");
            out.println("HighLevel and GitLab on this machine. No account, token or network is used; the keys and secrets exist");
            out.println("only for this run; config/application.properties and your environment are not read. The mapping is");
            out.println("config/mapping.yaml with the demo's tags, onboarding and pipelines sections, for steps 7 to 9.");
            bridge = new DemoBridge(ghl.baseUrl(), gitlab.baseUrl(), keys);
            out.println();
            out.println("  bridge      webhooks at " + bridge.url("/webhooks/ghl") + " and " + bridge.url("/webhooks/gitlab"));
            out.println("              a fresh database in " + bridge.database().getParent());
            out.println("  HighLevel   stand-in at " + ghl.baseUrl() + " (location " + DemoGhl.LOCATION_ID + ", contact " + ghl.contactName() + ")");
            out.println("  GitLab      stand-in at " + gitlab.baseUrl() + " (project " + DemoGitLab.PROJECT_PATH + ", id " + DemoGitLab.PROJECT_ID + ")");

            DemoWebhooks webhooks = new DemoWebhooks(bridge.url(""), keys, gitlab.baseUrl());
            DemoStory story = new DemoStory(out, ghl, gitlab, bridge, webhooks, log);
            story.run();
            TaskMapping mapping = Mapping.load(java.nio.file.Path.of(bridge.setting("bridge.mapping-file")).toAbsolutePath()).tasks();
            List<ObjectNode> contactIssues = story.notes().contactIssues();
            Notes notes = new Notes(ghl.contactId(), contactIssues, gitlab.notes(contactIssues.get(0).get("iid").asLong()), ghl.notes(),
                    DemoNoteStep.HIGHLEVEL_NOTE, ghl.userName(), DemoNoteStep.GITLAB_COMMENT, story.notes().commentUrl());
            Outcome outcome = new Outcome(ghl.task(DemoStory.TASK_1), gitlab.issue(story.issue1()), gitlab.notes(story.issue1()),
                    ghl.task(DemoStory.TASK_2), gitlab.issue(story.issue2()), gitlab.notes(story.issue2()),
                    log.refused().stream().map(CallLog.Call::toString).toList(),
                    mapping.labelList(), mapping.deletedComment(), notes, story.echoCalls().stream().map(CallLog.Call::toString).toList(),
                    new Contacts(gitlab.crmContacts(), ghl.contact(), DemoContactStep.NEW_PHONE, DemoContactStep.NEW_EMAIL,
                            story.contact().echoCalls().stream().map(CallLog.Call::toString).toList()),
                    automation(story.automation(), ghl, log));
            epilogue(out);
            if (keepRunning) {
                DemoActions actions = new DemoActions(ghl, gitlab, webhooks, out);
                ghl.actions(actions);
                gitlab.actions(actions);
                log.printEveryCall();
                keepRunning(out, bridge, ghl, gitlab, keys);
            }
            return outcome;
        } finally {
            if (bridge != null) {
                bridge.close();
            }
            ghl.close();
            gitlab.close();
            STOPPED.countDown();
        }
    }

    private static Automation automation(DemoAutomationStep a, DemoGhl ghl, CallLog log) {
        String second = DemoContacts.SECOND_ID;
        return new Automation(ghl.contact(), ghl.contact(second), a.tasksOf(second), a.onboardedTask(), a.issuesOfTask(a.onboardedTask()),
                a.repeatCalls().stream().map(CallLog.Call::toString).toList(), a.pipeline(),
                log.since(0).stream().map(CallLog.Call::toString).filter(c -> c.contains(DemoAutomationStep.TRIGGER_CALL)).toList(),
                a.pipelineNotes(a.pipeline()));
    }

    private static void epilogue(PrintStream out) {
        out.println();
        out.println("Done: each step went through the bridge's real webhook endpoints, inbox and flows.");
        out.println();
        out.println("To connect real accounts (README, \"Quick start\"):");
        out.println("  export GHL_TOKEN=pit-...            GHL_LOCATION_ID=<your sub-account's location id>");
        out.println("  export GITLAB_TOKEN=glpat-...       GITLAB_PROJECT=<group/project or project id>");
        out.println("  export GITLAB_GROUP=<top-level group whose CRM keeps the contacts>");
        out.println("  export GITLAB_WEBHOOK_SECRET=$(openssl rand -hex 16)");
        out.println("  java -jar target/ghl-gitlab-bridge.jar");
        out.println("then point HighLevel's webhook (TaskCreate, TaskComplete, TaskDelete, NoteCreate, NoteUpdate, NoteDelete,");
        out.println("ContactCreate, ContactUpdate, ContactDelete, ContactTagUpdate) at");
        out.println("https://<host>/webhooks/ghl and GitLab's project webhook (Issues events, Comments and Pipeline events,");
        out.println("secret token $GITLAB_WEBHOOK_SECRET) at https://<host>/webhooks/gitlab. Steps 7 to 9 need the sections");
        out.println("tags, onboarding and pipelines of config/mapping.yaml (commented examples there; README \"Mapping reference\").");
    }

    /** Leaves everything up until Ctrl+C, for more events by hand; the bridge's INFO log is back on. */
    private static void keepRunning(PrintStream out, DemoBridge bridge, DemoGhl ghl, DemoGitLab gitlab, DemoKeys keys) throws InterruptedException {
        out.println();
        out.println("The bridge and the stand-ins keep running until Ctrl+C. Act as a person in HighLevel or GitLab:");
        out.print(DemoActions.USAGE.formatted(ghl.baseUrl(), gitlab.baseUrl(), ghl.contactId(), DemoContacts.SECOND_ID));
        out.println("  or send your own GitLab hooks to " + bridge.url("/webhooks/gitlab") + " with X-Gitlab-Token: " + keys.gitlabSecret());
        out.println("  health and metrics: " + bridge.managementUrl("/observe/health") + ", " + bridge.managementUrl("/observe/metrics"));
        Configurator.reconfigure(); // back to log4j2.xml: the flows log what they do
        CountDownLatch stopping = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.countDown();
            try {
                // the JVM ends when this hook returns: give run() the time to stop the bridge cleanly
                STOPPED.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        stopping.await();
    }
}
