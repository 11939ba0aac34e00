package dev.bridge.process;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.bridge.support.Stubs;
import dev.bridge.support.TestKeys;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The durability guarantee of the packaged jar: a webhook answered 200 "accepted" is done exactly once, even when the
 * bridge is killed with SIGKILL while it takes and works events, and started again on the same H2 file.
 */
class KillNineIT {

    private static final String GHL_TOKEN = "pit-it-ghl-token-5678";
    private static final String GITLAB_TOKEN = "glpat-it-gitlab-token-5678";
    private static final String ISSUES = "/api/v4/projects/42/issues";
    private static final String TASKS = "/contacts/" + Stubs.CONTACT_ID + "/tasks/";
    private static final Pattern MARKER = Pattern.compile("<!-- ghl-gitlab-bridge:task:(\\S+) -->");
    private static final Pattern TASK_PUT = Pattern.compile(Pattern.quote(TASKS) + "([^/?]+)$");

    private static final int SENDERS = 16;
    /** The kill comes once this many deliveries were acknowledged ... */
    private static final int KILL_AFTER_ACKS = 300;
    /** ... and this many issues were made, so the flows are in full swing. */
    private static final int KILL_AFTER_ISSUES = 24;
    /** Upper bound of deliveries sent in all, so the load always stops by itself. */
    private static final int MAX_SENDS = 5_000;
    private static final Duration STARTUP = Duration.ofMinutes(3);

    private WireMockServer ghl;
    private WireMockServer gitlab;
    private GitLabIssuesStandIn issues;
    private BridgeProcess bridge;

    @BeforeEach
    void standIns() {
        issues = new GitLabIssuesStandIn(42, GITLAB_TOKEN, 100);
        gitlab = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(64)
                .notifier(new ConsoleNotifier(false)).extensions(issues));
        gitlab.start();
        gitlab.stubFor(post(urlPathEqualTo(ISSUES)).willReturn(aResponse().withTransformers(GitLabIssuesStandIn.NAME)));
        gitlab.stubFor(get(urlPathEqualTo(ISSUES)).willReturn(aResponse().withTransformers(GitLabIssuesStandIn.NAME)));

        ghl = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(64).notifier(new ConsoleNotifier(false)));
        ghl.start();
        ghl.stubFor(get(urlPathEqualTo("/contacts/" + Stubs.CONTACT_ID)).withHeader("Authorization", equalTo("Bearer " + GHL_TOKEN))
                .willReturn(Stubs.okJson(Webhooks.fixture("ghl/contact-response.json", Map.of()))));
        ghl.stubFor(put(urlPathMatching(Pattern.quote(TASKS) + "[^/]+")).withHeader("Authorization", equalTo("Bearer " + GHL_TOKEN))
                .willReturn(Stubs.okJson(Stubs.taskJson("echo", "Login broken for Acme", "Customer cannot log in since Monday", false))));
        ghl.stubFor(Stubs.anyGhlTask());
    }

    @AfterEach
    void stopAll() {
        if (bridge != null) {
            bridge.close();
        }
        ghl.stop();
        gitlab.stop();
    }

    @Test
    @Timeout(value = 25, unit = TimeUnit.MINUTES)
    void kill_9_while_taking_and_working_events_loses_no_acknowledged_event_and_makes_no_second_issue() throws Exception {
        bridge = BridgeProcess.inNewFolder("kill-nine").withDefaults().env(Map.of(
                "GHL_BASE_URL", "http://127.0.0.1:" + ghl.port(),
                "GHL_TOKEN", GHL_TOKEN,
                "GHL_LOCATION_ID", "ve9EPM428h8vShlRW1KT",
                "GITLAB_BASE_URL", "http://127.0.0.1:" + gitlab.port(),
                "GITLAB_TOKEN", GITLAB_TOKEN,
                "GITLAB_PROJECT", "42",
                "GITLAB_WEBHOOK_SECRET", TestKeys.GITLAB_SECRET,
                "GHL_WEBHOOK_PUBLIC_KEY", TestKeys.ed25519PublicPem(),
                // flows keep running while webhooks pour in, so the kill lands on both kinds of work
                "BRIDGE_DISPATCHER_BURST_PER_SECOND", "1000000"));
        bridge.start().awaitHealthy(STARTUP);

        // --- load from 16 threads; kill -9 once a few hundred deliveries were acknowledged ---
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        URI webhook = URI.create(bridge.url("/webhooks/ghl"));
        Set<String> sent = ConcurrentHashMap.newKeySet();
        Set<String> acked = ConcurrentHashMap.newKeySet();
        Map<String, Integer> otherAnswers = new ConcurrentHashMap<>();
        AtomicInteger sequence = new AtomicInteger();
        AtomicInteger connectionErrors = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        for (int t = 0; t < SENDERS; t++) {
            senders.execute(() -> {
                while (!stop.get()) {
                    int n = sequence.incrementAndGet();
                    if (n > MAX_SENDS) {
                        return;
                    }
                    String taskId = taskId(n);
                    byte[] body = Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", taskId)).getBytes(StandardCharsets.UTF_8);
                    HttpRequest request = HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/json").header("X-GHL-Signature", TestKeys.ed25519Sign(body))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                    sent.add(taskId);
                    try {
                        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (answer.statusCode() == 200 && answer.body().contains("\"status\":\"accepted\"")) {
                            acked.add(taskId);
                        } else {
                            otherAnswers.merge(answer.statusCode() + " " + answer.body().replaceAll("\"reason\".*", ""), 1, Integer::sum);
                        }
                    } catch (IOException e) {
                        connectionErrors.incrementAndGet(); // not acknowledged: GHL would send it again
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
        }

        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (acked.size() < KILL_AFTER_ACKS || issues.count() < KILL_AFTER_ISSUES) {
            if (sequence.get() > MAX_SENDS || System.nanoTime() > deadline || !bridge.isAlive()) {
                stop.set(true);
                fail("only " + acked.size() + " of " + sequence.get() + " deliveries were acknowledged before the kill; answers "
                        + otherAnswers + ", connection errors " + connectionErrors + "\n" + BridgeProcess.tail(bridge.stdout()));
            }
            Thread.sleep(5);
        }
        int exit = bridge.kill9();
        int ackedAtKill = acked.size();
        int issuesAtKill = issues.count();
        long flowsFinishedBeforeKill = bridge.stdoutOf(1).stream().filter(l -> l.contains(" is GitLab issue ")).count();
        stop.set(true);
        senders.shutdown();
        assertTrue(senders.awaitTermination(3, TimeUnit.MINUTES), "the senders stop");
        assertEquals(137, exit, "SIGKILL ends the bridge with 128 + 9");
        assertTrue(!bridge.isAlive());
        System.out.println("KillNineIT: killed with " + ackedAtKill + " deliveries acknowledged and " + issuesAtKill + " issues made");

        // --- start again on the same H2 file; wait until the inbox is drained ---
        long searchesBefore = issues.searches();
        bridge.start().awaitHealthy(STARTUP);
        List<String> restartLog = new ArrayList<>(bridge.stdout());
        int rounds = 0;
        long pending;
        while (true) {
            rounds++;
            awaitQuiet(acked);
            int stopCode = bridge.stop();
            pending = countPending();
            System.out.println("KillNineIT: drain round " + rounds + ": bridge stopped with " + stopCode + ", " + pending + " inbox rows PENDING");
            if (pending == 0 || rounds == 3) {
                break;
            }
            bridge.start().awaitHealthy(STARTUP);
        }

        // --- what GitLab got ---
        List<String> descriptions = issues.descriptions();
        Map<String, Integer> issuesPerTask = new TreeMap<>();
        int withoutMarker = 0;
        for (String d : descriptions) {
            Matcher m = MARKER.matcher(d);
            if (m.find()) {
                issuesPerTask.merge(m.group(1), 1, Integer::sum);
            } else {
                withoutMarker++;
            }
        }
        Map<String, Integer> duplicates = new TreeMap<>();
        issuesPerTask.forEach((task, n) -> {
            if (n > 1) {
                duplicates.put(task, n);
            }
        });
        Set<String> ackedWithoutIssue = new HashSet<>();
        Map<String, Long> ackedIssueCounts = new HashMap<>();
        for (String task : acked) {
            String marker = "ghl-gitlab-bridge:task:" + task;
            long n = descriptions.stream().filter(d -> d.contains(marker)).count();
            ackedIssueCounts.put(task, n);
            if (n == 0) {
                ackedWithoutIssue.add(task);
            }
        }
        Set<String> unknownTasks = new HashSet<>(issuesPerTask.keySet());
        unknownTasks.removeAll(sent);
        Set<String> issuesForUnacked = new HashSet<>(issuesPerTask.keySet());
        issuesForUnacked.removeAll(acked);

        // --- what the bridge's database says ---
        Map<String, String> inboxStatus = new HashMap<>();
        Map<String, Long> linkIid = new HashMap<>();
        long inboxRows;
        long deadLetters;
        Map<String, Long> statusCounts = new TreeMap<>();
        try (Connection c = bridge.openDatabase(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT entity_key, status FROM inbox")) {
                while (rs.next()) {
                    inboxStatus.merge(rs.getString(1), rs.getString(2), (a, b) -> a + "," + b);
                    statusCounts.merge(rs.getString(2), 1L, Long::sum);
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT ghl_id, gitlab_iid FROM links WHERE kind = 'task'")) {
                while (rs.next()) {
                    linkIid.put(rs.getString(1), rs.getLong(2));
                }
            }
            inboxRows = one(c, "SELECT COUNT(*) FROM inbox");
            deadLetters = one(c, "SELECT COUNT(*) FROM dead_letters");
        }
        Map<Long, String> issueTaskByIid = new HashMap<>();
        for (int i = 0; i < descriptions.size(); i++) {
            Matcher m = MARKER.matcher(descriptions.get(i));
            issueTaskByIid.put((long) i + 1, m.find() ? m.group(1) : null);
        }
        List<String> ackedNotDone = new ArrayList<>();
        List<String> badLinks = new ArrayList<>();
        for (String task : acked) {
            String st = inboxStatus.get("ghl:task:" + task);
            if (!"DONE".equals(st)) {
                ackedNotDone.add(task + "=" + st);
            }
            Long iid = linkIid.get(task);
            if (iid == null || !task.equals(issueTaskByIid.get(iid))) {
                badLinks.add(task + "->" + iid);
            }
        }

        System.out.println("KillNineIT figures: sent=" + sent.size() + " acked=" + acked.size() + " ackedAtKill=" + ackedAtKill
                + " connectionErrors=" + connectionErrors + " otherAnswers=" + otherAnswers
                + " issuesAtKill=" + issuesAtKill + " flowsFinishedBeforeKill=" + flowsFinishedBeforeKill + " issues=" + descriptions.size() + " distinctTasksWithIssue=" + issuesPerTask.size()
                + " duplicates=" + duplicates.size() + " issuesWithoutMarker=" + withoutMarker
                + " issuesForUnackedDeliveries=" + issuesForUnacked.size() + " ackedWithoutIssue=" + ackedWithoutIssue.size()
                + " markerSearchesAfterRestart=" + (issues.searches() - searchesBefore)
                + " inboxRows=" + inboxRows + " inboxByStatus=" + statusCounts + " pending=" + pending + " deadLetters=" + deadLetters
                + " drainRounds=" + rounds);
        List<String> inProgress = restartLog.stream().filter(l -> l.contains("in progress when the bridge last stopped")).toList();
        inProgress.forEach(l -> System.out.println("KillNineIT restart: " + l));

        assertEquals(1, inProgress.size(), "the kill landed while flows were working events (else this test proved little): "
                + BridgeProcess.tail(restartLog));
        assertEquals(0, pending, "inbox rows still PENDING after the drain");
        assertTrue(duplicates.isEmpty(), duplicates.size() + " tasks have more than one issue: " + sample(duplicates.entrySet()));
        assertTrue(ackedWithoutIssue.isEmpty(), ackedWithoutIssue.size() + " acknowledged tasks have no issue: " + sample(ackedWithoutIssue)
                + "\nfirst dead letters: " + deadLetterSample());
        for (Map.Entry<String, Long> e : ackedIssueCounts.entrySet()) {
            assertEquals(1L, e.getValue(), "issues for acknowledged task " + e.getKey());
        }
        assertEquals(0, withoutMarker, "issues without the bridge's marker");
        assertEquals(issuesPerTask.size(), descriptions.size(), "issues in all = distinct tasks that got an issue");
        assertTrue(unknownTasks.isEmpty(), "issues for tasks nobody sent: " + sample(unknownTasks));
        assertTrue(ackedNotDone.isEmpty(), ackedNotDone.size() + " acknowledged deliveries are not DONE in the inbox: " + sample(ackedNotDone));
        assertTrue(badLinks.isEmpty(), badLinks.size() + " acknowledged tasks have no link to their one issue: " + sample(badLinks));
        for (String task : issuesPerTask.keySet()) {
            assertTrue(inboxStatus.containsKey("ghl:task:" + task), "an issue was made for " + task + " whose delivery is not in the inbox");
        }
    }

    private static String sample(java.util.Collection<?> items) {
        return items.stream().limit(10).map(String::valueOf).toList() + (items.size() > 10 ? " ..." : "");
    }

    private String deadLetterSample() {
        List<String> out = new ArrayList<>();
        try (Connection c = bridge.openDatabase(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT inbox_id, reason FROM dead_letters ORDER BY id FETCH FIRST 5 ROWS ONLY")) {
            while (rs.next()) {
                out.add(rs.getLong(1) + ": " + rs.getString(2));
            }
        } catch (Exception e) {
            out.add("(cannot read: " + e.getMessage() + ")");
        }
        return out.toString();
    }

    private static String taskId(int n) {
        // fixed width, so no task id is a prefix of another and a marker search finds only its own task
        return String.format("knine%015d", n);
    }

    /**
     * Until every acknowledged task has its issue, every task with an issue had its GHL task written back, and
     * neither stand-in has seen a request for a few seconds. Gives up quietly after a generous limit: the database
     * check after the stop then says what is missing.
     */
    private void awaitQuiet(Set<String> acked) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
        long lastCount = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            if (!bridge.isAlive()) {
                fail("the bridge exited while draining: " + BridgeProcess.tail(bridge.stdout()));
            }
            long count = ghl.countRequestsMatching(RequestPatternBuilder.allRequests().build()).getCount()
                    + gitlab.countRequestsMatching(RequestPatternBuilder.allRequests().build()).getCount();
            if (count != lastCount) {
                lastCount = count;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > Duration.ofSeconds(5).toNanos() && allDone(acked)) {
                return;
            } else if (System.nanoTime() - quietSince > Duration.ofSeconds(90).toNanos()) {
                System.out.println("KillNineIT: no request reached the stand-ins for 90 s, yet not every acknowledged task has its issue");
                return;
            }
            Thread.sleep(250);
        }
        System.out.println("KillNineIT: the stand-ins did not settle within the limit; checking the database anyway");
    }

    private boolean allDone(Set<String> acked) {
        Set<String> withIssue = new HashSet<>();
        for (String d : issues.descriptions()) {
            Matcher m = MARKER.matcher(d);
            if (m.find()) {
                withIssue.add(m.group(1));
            }
        }
        if (!withIssue.containsAll(acked)) {
            return false;
        }
        Set<String> written = new HashSet<>();
        ghl.findAll(putRequestedFor(urlPathMatching(Pattern.quote(TASKS) + "[^/]+"))).forEach(r -> {
            Matcher m = TASK_PUT.matcher(r.getUrl());
            if (m.find()) {
                written.add(m.group(1));
            }
        });
        return written.containsAll(withIssue);
    }

    private long countPending() throws Exception {
        try (Connection c = bridge.openDatabase()) {
            return one(c, "SELECT COUNT(*) FROM inbox WHERE status = 'PENDING'");
        }
    }

    private static long one(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
