package bench;

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
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * {@code LoadGen <bridgePort> <standInsPort> <bridgePid> <private.b64> <template.json>}: pre-signs the EVENT webhooks
 * ({@link Mode}: TaskCreate or ContactCreate), sends them for DURATION s with CONCURRENCY requests in flight, waits for
 * the stand-ins to see what they became, prints the report. Exits 1 when an accepted event did not become exactly one
 * issue (or CRM contact).
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
        Mode mode = Mode.fromEnv();

        // 1. every body is unique (task or contact id, e-mail, phone, webhookId) and signed before the clock starts
        long t = System.nanoTime();
        String run = Long.toString(System.currentTimeMillis(), 36);
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(privateKey, 0);
        Buffer[] bodies = new Buffer[count];
        String[] signatures = new String[count];
        IntStream.range(0, count).parallel().forEach(i -> {
            byte[] body = mode.body(template, run, i, Instant.now().toString()).getBytes(StandardCharsets.UTF_8);
            byte[] sig = new byte[64];
            key.sign(org.bouncycastle.math.ec.rfc8032.Ed25519.Algorithm.Ed25519, null, body, 0, body.length, sig, 0);
            bodies[i] = Buffer.buffer(body);
            signatures[i] = Base64.getEncoder().encodeToString(sig);
        });
        System.out.printf("pre-signed %d %s webhooks in %.1f s%n", count, mode.event, (System.nanoTime() - t) / 1e9);

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

        // 3. drain: wait until every accepted event is done at the stand-ins, or no progress for drainIdle s
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String standIns = "http://" + HOST + ":" + standInsPort;
        Drain drain = Drain.await(mode, http, URI.create(standIns + "/_stats"), acceptedCount, drainIdle);
        long drainEnd = System.nanoTime();
        rss.stopSampling();
        double cpu = RssSampler.cpuSeconds(bridgePid) - cpuAtStart;
        Set<String> done = new HashSet<>(Arrays.asList(Drain.get(http, URI.create(standIns + mode.keysPath)).split("\n")));
        int missing = 0, extra = done.size();
        for (int i = 0; i < sentCount; i++) {
            if (accepted[i]) {
                boolean has = done.contains(mode.key(run, i));
                missing += has ? 0 : 1;
                extra -= has ? 1 : 0;
            }
        }
        extra -= done.contains("") ? 1 : 0;

        // 4. the report
        long[] sorted = Arrays.copyOfRange(latency, timedFrom, sentCount);
        Arrays.sort(sorted);
        StringBuilder codes = new StringBuilder();
        new TreeMap<>(outcomes).forEach((k, v) -> codes.append(codes.length() == 0 ? "" : ", ").append(k).append(" = ").append(v.sum()));
        System.out.println();
        System.out.println("== ghl-gitlab-bridge ingest benchmark" + (mode == Mode.TASK ? "" : ": ContactCreate -> GitLab CRM contact (F6)") + " ==");
        System.out.printf("load            %.1f s at concurrency %d, %d webhooks sent (%d pre-signed%s)%n", loadSeconds, concurrency,
                sentCount - timedFrom, count, sentCount >= count ? ", RAN OUT: raise BODIES" : "");
        System.out.printf("accepted        %d = %.0f webhooks/s%n", acceptedTimed, acceptedTimed / loadSeconds);
        System.out.printf("latency ms      p50 %.1f   p90 %.1f   p99 %.1f   max %.1f%n", pct(sorted, 50), pct(sorted, 90), pct(sorted, 99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
        System.out.println("p99 per 5 s     " + windows(latency, sentAt, timedFrom, sentCount, start, loadSeconds));
        System.out.println("answers         " + codes);
        Report.outcome(drain, acceptedCount, missing, extra, start, loadEnd, drainEnd);
        System.out.printf("bridge CPU      %.1f s user+sys during load+drain = %.2f ms per accepted webhook%n", cpu,
                acceptedCount == 0 ? 0 : cpu * 1000 / acceptedCount);
        System.out.printf("bridge RSS      peak %.0f MB sampled during load+drain (VmHWM %.0f MB)%n", rss.peakKb.get() / 1024.0,
                RssSampler.read(bridgePid, "VmHWM:") / 1024.0);
        if (mode.noCalls(drain.stats)) {
            System.out.println("WARNING         the stand-ins got no calls: is the bridge using GHL_BASE_URL / GITLAB_BASE_URL?");
        }
        System.exit(missing == 0 && drain.stat(mode.duplicatesKey) == 0 && acceptedCount > 0 ? 0 : 1);
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

    private static int env(String name, int fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }
}
