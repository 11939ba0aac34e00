package bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * {@code LoadGen <bridgePort> <standInsPort> <bridgePid> <private.b64> <TaskCreate.json>}: pre-signs TaskCreate
 * webhooks, sends them for DURATION s with CONCURRENCY requests in flight, waits for the stand-ins to see
 * the issues, prints the report. Exits 1 when an accepted event did not become exactly one issue.
 */
public final class LoadGen {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOST = "127.0.0.1";

    public static void main(String[] args) throws Exception {
        int bridgePort = Integer.parseInt(args[0]);
        int standInsPort = Integer.parseInt(args[1]);
        long bridgePid = Long.parseLong(args[2]);
        byte[] privateKey = Base64.getDecoder().decode(Files.readString(Path.of(args[3])).trim());
        String template = Files.readString(Path.of(args[4])).trim();
        int duration = env("DURATION", 30);
        int concurrency = env("CONCURRENCY", 64);
        int warmup = env("WARMUP", 5);
        int count = env("BODIES", (duration + warmup) * 5000);
        int drainIdle = env("DRAIN_IDLE", 60);

        // 1. every body is unique (task id, webhookId) and signed before the clock starts
        long t = System.nanoTime();
        String run = Long.toString(System.currentTimeMillis(), 36);
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(privateKey, 0);
        Buffer[] bodies = new Buffer[count];
        String[] signatures = new String[count];
        IntStream.range(0, count).parallel().forEach(i -> {
            byte[] body = template.replace("{{taskId}}", taskId(run, i))
                    .replace("{{webhookId}}", "bench-" + run + "-" + i)
                    .replace("{{timestamp}}", Instant.now().toString()).getBytes(StandardCharsets.UTF_8);
            byte[] sig = new byte[64];
            key.sign(org.bouncycastle.math.ec.rfc8032.Ed25519.Algorithm.Ed25519, null, body, 0, body.length, sig, 0);
            bodies[i] = Buffer.buffer(body);
            signatures[i] = Base64.getEncoder().encodeToString(sig);
        });
        System.out.printf("pre-signed %d TaskCreate webhooks in %.1f s%n", count, (System.nanoTime() - t) / 1e9);

        RssSampler rss = new RssSampler(bridgePid);
        rss.start();
        double cpuAtStart = RssSampler.cpuSeconds(bridgePid);

        // 2. the timed phase: CONCURRENCY loops on one event loop, each sends its next body when its answer is in
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setTcpNoDelay(true).setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(concurrency));
        long[] latency = new long[count];
        long[] sentAt = new long[count];
        boolean[] accepted = new boolean[count];
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        long[] stopAt = new long[1];
        CountDownLatch[] loopsDone = new CountDownLatch[1];
        Runnable[] send = new Runnable[1];
        send[0] = () -> {
            int i = System.nanoTime() < stopAt[0] ? next.getAndIncrement() : count;
            if (i >= count) {
                loopsDone[0].countDown();
                return;
            }
            long sent = System.nanoTime();
            sentAt[i] = sent;
            client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(HOST).setPort(bridgePort)
                            .setURI("/webhooks/ghl").setIdleTimeout(60_000)
                            .putHeader("Content-Type", "application/json").putHeader("X-GHL-Signature", signatures[i]))
                    .compose(req -> req.send(bodies[i]))
                    .compose(resp -> resp.body().map(b -> resp.statusCode() + " " + outcome(b)))
                    .onComplete(ar -> {
                        latency[i] = System.nanoTime() - sent;
                        String o = ar.succeeded() ? ar.result() : "error " + ar.cause().getClass().getSimpleName();
                        accepted[i] = o.equals("200 accepted");
                        outcomes.computeIfAbsent(o, k -> new LongAdder()).increment();
                        send[0].run();
                    });
        };
        // warm-up (JIT, pools, caches) is sent and checked like the rest, but not timed
        if (warmup > 0) {
            runPhase(vertx, send, stopAt, loopsDone, concurrency, warmup);
            System.out.printf("warm-up         %d webhooks in %d s (not in the figures below, but in the exactly-once check)%n", next.get(), warmup);
        }
        int timedFrom = Math.min(next.get(), count);
        outcomes.clear();
        long start = System.nanoTime();
        runPhase(vertx, send, stopAt, loopsDone, concurrency, duration);
        long loadEnd = System.nanoTime();
        double loadSeconds = (loadEnd - start) / 1e9;
        client.close();
        vertx.close();
        int sentCount = Math.min(next.get(), count);
        int acceptedCount = 0, acceptedTimed = 0;
        for (int i = 0; i < sentCount; i++) {
            acceptedCount += accepted[i] ? 1 : 0;
            acceptedTimed += accepted[i] && i >= timedFrom ? 1 : 0;
        }

        // 3. drain: wait until every accepted event is an issue and its GHL task was updated, or no progress for drainIdle s
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        URI statsUri = URI.create("http://" + HOST + ":" + standInsPort + "/_stats");
        JsonNode stats = JSON.readTree(get(http, statsUri));
        long issuesAtLoadEnd = stats.path("distinctTasks").asLong(), issuesAtProgress = issuesAtLoadEnd;
        long issuesAt = -1, putsAt = -1, lastProgress = System.nanoTime(), lastSeen = -1;
        while (true) {
            long now = System.nanoTime();
            // distinct tasks on both counts: a retried PUT must not make the drain look finished early
            long issues = stats.path("distinctTasks").asLong(), puts = stats.path("updatedTasks").asLong();
            if (issuesAt < 0 && issues >= acceptedCount) {
                issuesAt = now;
            }
            if (putsAt < 0 && puts >= acceptedCount) {
                putsAt = now;
            }
            // NODRAIN=1 measures the load alone: the report's drain lines then say the drain did not complete
            if ((issuesAt >= 0 && putsAt >= 0) || System.getenv("NODRAIN") != null) {
                break;
            }
            if (issues + puts != lastSeen) {
                lastSeen = issues + puts;
                lastProgress = now;
                issuesAtProgress = issues;
            } else if (now - lastProgress > drainIdle * 1_000_000_000L) {
                break;
            }
            Thread.sleep(200);
            stats = JSON.readTree(get(http, statsUri));
        }
        long drainEnd = System.nanoTime();
        rss.stopSampling();
        double cpu = RssSampler.cpuSeconds(bridgePid) - cpuAtStart;
        Set<String> issued = new HashSet<>(Arrays.asList(get(http, URI.create("http://" + HOST + ":" + standInsPort + "/_tasks")).split("\n")));
        int missing = 0, extra = issued.size();
        for (int i = 0; i < sentCount; i++) {
            if (accepted[i]) {
                boolean has = issued.contains(taskId(run, i));
                missing += has ? 0 : 1;
                extra -= has ? 1 : 0;
            }
        }
        extra -= issued.contains("") ? 1 : 0;

        // 4. the report
        long[] sorted = Arrays.copyOfRange(latency, timedFrom, sentCount);
        Arrays.sort(sorted);
        StringBuilder codes = new StringBuilder();
        new TreeMap<>(outcomes).forEach((k, v) -> codes.append(codes.length() == 0 ? "" : ", ").append(k).append(" = ").append(v.sum()));
        System.out.println();
        System.out.println("== ghl-gitlab-bridge ingest benchmark ==");
        System.out.printf("load            %.1f s at concurrency %d, %d webhooks sent (%d pre-signed%s)%n", loadSeconds, concurrency,
                sentCount - timedFrom, count, sentCount >= count ? ", RAN OUT: raise BODIES" : "");
        System.out.printf("accepted        %d = %.0f webhooks/s%n", acceptedTimed, acceptedTimed / loadSeconds);
        System.out.printf("latency ms      p50 %.1f   p90 %.1f   p99 %.1f   max %.1f%n", pct(sorted, 50), pct(sorted, 90), pct(sorted, 99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
        System.out.println("p99 per 5 s     " + windows(latency, sentAt, timedFrom, sentCount, start, loadSeconds));
        System.out.println("answers         " + codes);
        System.out.printf("gitlab issues   %d created for %d tasks, %d duplicates (%d marker searches)%n", stats.path("issuePosts").asLong(),
                stats.path("distinctTasks").asLong(), stats.path("duplicates").asLong(), stats.path("issueSearches").asLong());
        System.out.printf("ghl calls       %d contact GETs, %d task PUTs, %d unauthorized, %d unexpected%n", stats.path("contactGets").asLong(),
                stats.path("taskPuts").asLong(), stats.path("unauthorized").asLong(), stats.path("unexpected").asLong());
        System.out.printf("lost            %d accepted webhooks did not become an issue; %d issues for webhooks not answered 'accepted'%n",
                missing, extra);
        System.out.printf("drain           all issues %s, all GHL task updates %s; %.0f issues/s over load+drain%n",
                since(issuesAt, loadEnd), since(putsAt, loadEnd), stats.path("distinctTasks").asLong() / ((drainEnd - start) / 1e9));
        // the drain alone: from the end of load until the last accepted webhook has both its issue and its task update
        // (or, when it never got there, until the last progress); its rate is the flows' steady rate without ingest
        boolean drained = issuesAt >= 0 && putsAt >= 0;
        long drainDone = drained ? Math.max(issuesAt, putsAt) : lastProgress;
        double drainSeconds = Math.max(0, drainDone - loadEnd) / 1e9;
        long issuesInDrain = stats.path("distinctTasks").asLong() - issuesAtLoadEnd;
        if (drained) {
            System.out.printf("drain time      %.1f s from end of load until all %d accepted webhooks had their issue and GHL task update%n",
                    drainSeconds, acceptedCount);
        } else {
            issuesInDrain = issuesAtProgress - issuesAtLoadEnd;
            System.out.printf("drain time      NOT complete: %d of %d accepted webhooks had an issue, %d a GHL task update; last progress %.1f s after load ended%n",
                    stats.path("distinctTasks").asLong(), acceptedCount, stats.path("updatedTasks").asLong(), drainSeconds);
        }
        System.out.printf("drain rate      %.0f issues/s over the drain (%d issues made after the load ended, %d during warm-up+load)%n",
                drainSeconds == 0 ? 0 : issuesInDrain / drainSeconds, issuesInDrain, issuesAtLoadEnd);
        // every request the stand-ins got, per issue created: the bridge's cost upstream (rate limits, latency)
        JsonNode calls = stats.path("calls");
        long issuesCreated = stats.path("issuePosts").asLong(), totalCalls = 0;
        StringBuilder kinds = new StringBuilder();
        for (Map.Entry<String, JsonNode> kind : calls.properties()) {
            long n = kind.getValue().asLong();
            totalCalls += n;
            kinds.append(kinds.length() == 0 ? "" : ", ").append(kind.getKey()).append(' ').append(n)
                    .append(String.format(" (%.2f)", perIssue(n, issuesCreated)));
        }
        System.out.printf("upstream calls  %d requests to the stand-ins / %d issues created = %.2f per issue%n", totalCalls, issuesCreated,
                perIssue(totalCalls, issuesCreated));
        System.out.println("upstream kinds  " + kinds + " (per issue)");
        System.out.printf("bridge CPU      %.1f s user+sys during load+drain = %.2f ms per accepted webhook%n", cpu,
                acceptedCount == 0 ? 0 : cpu * 1000 / acceptedCount);
        System.out.printf("bridge RSS      peak %.0f MB sampled during load+drain (VmHWM %.0f MB)%n", rss.peakKb.get() / 1024.0,
                RssSampler.read(bridgePid, "VmHWM:") / 1024.0);
        if (stats.path("contactGets").asLong() == 0 && stats.path("issuePosts").asLong() == 0) {
            System.out.println("WARNING         the stand-ins got no calls: is the bridge using GHL_BASE_URL / GITLAB_BASE_URL?");
        }
        System.exit(missing == 0 && stats.path("duplicates").asLong() == 0 && acceptedCount > 0 ? 0 : 1);
    }

    /** p99 of the requests sent in each 5 s of the load, to tell warm-up from steady state. */
    private static String windows(long[] latency, long[] sentAt, int from, int sent, long start, double loadSeconds) {
        StringBuilder out = new StringBuilder();
        for (int w = 0; w * 5 < loadSeconds; w++) {
            long lo = start + w * 5_000_000_000L, hi = lo + 5_000_000_000L;
            long[] in = IntStream.range(from, sent).filter(i -> sentAt[i] >= lo && sentAt[i] < hi).mapToLong(i -> latency[i]).sorted().toArray();
            if (in.length > 0) {
                out.append(String.format("%s%d-%ds %.0f", out.length() == 0 ? "" : "  ", w * 5, w * 5 + 5, pct(in, 99)));
            }
        }
        return out + " (ms)";
    }

    /** Keeps CONCURRENCY requests in flight until {@code seconds} have passed. */
    private static void runPhase(Vertx vertx, Runnable[] send, long[] stopAt, CountDownLatch[] loopsDone, int concurrency, int seconds)
            throws InterruptedException {
        stopAt[0] = System.nanoTime() + seconds * 1_000_000_000L;
        loopsDone[0] = new CountDownLatch(concurrency);
        vertx.runOnContext(v -> {
            for (int c = 0; c < concurrency; c++) {
                send[0].run();
            }
        });
        loopsDone[0].await();
    }

    private static String taskId(String run, int i) {
        return "bench" + run + "t" + i;
    }

    private static String outcome(Buffer body) {
        try {
            return JSON.readTree(body.getBytes()).path("status").asText("?");
        } catch (Exception e) {
            return "non-json";
        }
    }

    private static double pct(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, (long) sorted.length * p / 100)] / 1e6;
    }

    private static double perIssue(long n, long issues) {
        return issues == 0 ? 0 : (double) n / issues;
    }

    private static String since(long at, long loadEnd) {
        return at < 0 ? "NOT complete (gave up: no progress)" : String.format("%.1f s after load ended", (at - loadEnd) / 1e9);
    }

    private static String get(java.net.http.HttpClient http, URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int env(String name, int fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }

    /** Samples the bridge's VmRSS every 200 ms and keeps the highest; reads its CPU time. */
    static final class RssSampler extends Thread {
        final AtomicLong peakKb = new AtomicLong();
        private final long pid;
        private volatile boolean running = true;

        RssSampler(long pid) {
            super("rss-sampler");
            this.pid = pid;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                peakKb.accumulateAndGet(read(pid, "VmRSS:"), Math::max);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stopSampling() {
            running = false;
            peakKb.accumulateAndGet(read(pid, "VmRSS:"), Math::max);
        }

        /** utime + stime of the process from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 1/100 s). */
        static double cpuSeconds(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
            } catch (Exception e) {
                return 0;
            }
        }

        /** A "Vm...:  123 kB" line of /proc/<pid>/status, in kB; 0 when the process is gone. */
        static long read(long pid, String field) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith(field)) {
                        return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
                    }
                }
            } catch (Exception e) {
                // the bridge has exited
            }
            return 0;
        }
    }
}
