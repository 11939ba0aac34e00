package dev.bridge.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged bridge ({@code java -jar target/ghl-gitlab-bridge.jar}) as a child process, the way an operator runs
 * it: from a working folder holding copies of the project's routes/, config/ and kamelets/, configured only through
 * environment variables. Its stdout and stderr go to files in the working folder (one pair per start), so a test can
 * read them and a failed run leaves them behind under target/it-work/.
 */
public final class BridgeProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    /** Variables of the test's own environment that would configure the child; they are never passed on. */
    private static final List<String> FOREIGN_PREFIXES = List.of("GHL_", "GITLAB_", "BRIDGE_", "CAMEL_");

    private final Path workDir;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> args = new java.util.ArrayList<>();
    private Process process;
    private int starts;
    private Path stdout;
    private Path stderr;

    private BridgeProcess(Path workDir) {
        this.workDir = workDir;
    }

    /** A new working folder with copies of routes/, config/ and kamelets/ (those of them the project has). */
    public static BridgeProcess inNewFolder(String name) throws IOException {
        return inNewFolder(name, List.of("routes", "config", "kamelets"));
    }

    /** A new working folder holding copies of only the given project folders (for example, none). */
    public static BridgeProcess inNewFolder(String name, List<String> foldersToCopy) throws IOException {
        Path dir = Files.createDirectories(projectDir().resolve("target").resolve("it-work")
                .resolve(name + "-" + UUID.randomUUID().toString().substring(0, 8)));
        for (String folder : foldersToCopy) {
            Path from = projectDir().resolve(folder);
            if (Files.isDirectory(from)) {
                copyTree(from, dir.resolve(folder));
            }
        }
        return new BridgeProcess(dir);
    }

    /** The packaged jar, from the system property {@code bridge.jar} that failsafe sets. */
    public static Path jar() {
        String p = System.getProperty("bridge.jar");
        if (p == null || p.isBlank()) {
            throw new IllegalStateException("system property bridge.jar is not set: run the *IT classes through 'mvn verify' (failsafe)");
        }
        Path jar = Path.of(p).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: 'mvn package' builds it before the integration tests");
        }
        return jar;
    }

    public static Path projectDir() {
        return Path.of(System.getProperty("bridge.project.dir", System.getProperty("user.dir"))).toAbsolutePath();
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * What a test usually wants: an HTTP port, an H2 file in the working folder (absolute, so it stays the same
     * across restarts), short retry delays. Tokens and base URLs are up to the test.
     */
    public BridgeProcess withDefaults() throws IOException {
        int http = freePort();
        int management = freePort();
        while (management == http) {
            management = freePort();
        }
        env.put("BRIDGE_HTTP_PORT", String.valueOf(http));
        env.put("BRIDGE_MANAGEMENT_PORT", String.valueOf(management));
        env.put("BRIDGE_DB_URL", dbUrl());
        env.put("BRIDGE_RETRY_INITIAL_DELAY_MS", "100");
        env.put("BRIDGE_RETRY_MAX_DELAY_MS", "1000");
        env.put("BRIDGE_INBOX_POLL_INTERVAL_MS", "200");
        // no poller calls the stand-ins unless a test turns it on
        env.put("BRIDGE_POLL_GHL_CONTACTS_INTERVAL_SECONDS", "0");
        env.put("BRIDGE_POLL_GITLAB_ISSUES_INTERVAL_SECONDS", "0");
        env.put("BRIDGE_POLL_GHL_TASKS_INTERVAL_SECONDS", "0");
        env.put("GHL_REQUESTS_PER_10S", "0");
        env.put("GITLAB_NOTES_PER_MINUTE", "0");
        env.put("BRIDGE_POLL_GITLAB_CRM_CONTACTS_INTERVAL_SECONDS", "0");
        return this;
    }

    public BridgeProcess env(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return this;
    }

    /** Command-line arguments after {@code -jar <jar>}, for example {@code --config other.properties}. */
    public BridgeProcess args(String... values) {
        args.clear();
        args.addAll(List.of(values));
        return this;
    }

    public BridgeProcess env(Map<String, String> values) {
        values.forEach(this::env);
        return this;
    }

    public Path workDir() {
        return workDir;
    }

    /** JDBC URL of the bridge's H2 file in the working folder. */
    public String dbUrl() {
        return "jdbc:h2:file:" + workDir.resolve("data").resolve("bridge");
    }

    public int port() {
        return Integer.parseInt(env.get("BRIDGE_HTTP_PORT"));
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Health, metrics and the admin API answer on the management port (8081 unless BRIDGE_MANAGEMENT_PORT says otherwise). */
    public String managementUrl(String path) {
        return "http://127.0.0.1:" + env.getOrDefault("BRIDGE_MANAGEMENT_PORT", "8081") + path;
    }

    /** Starts {@code java -jar <jar>} in the working folder; a later start (after a stop or kill) reuses its data. */
    public BridgeProcess start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the bridge is already running (pid " + process.pid() + ")");
        }
        starts++;
        Path logs = Files.createDirectories(workDir.resolve("logs"));
        stdout = logs.resolve("stdout-" + starts + ".log");
        stderr = logs.resolve("stderr-" + starts + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-jar", jar().toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> childEnv = pb.environment();
        childEnv.keySet().removeIf(k -> FOREIGN_PREFIXES.stream().anyMatch(k::startsWith));
        childEnv.putAll(env);
        process = pb.start();
        return this;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for the process to end by itself; returns its exit code. */
    public int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the bridge did not exit within " + limit + "; stderr: " + tail(stderr()) + " stdout: " + tail(stdout()));
        }
        return process.exitValue();
    }

    /** Polls GET /observe/health until it answers 200; fails at once if the process exits meanwhile. */
    public BridgeProcess awaitHealthy(Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        HttpRequest health = HttpRequest.newBuilder(URI.create(managementUrl("/observe/health"))).timeout(Duration.ofSeconds(5)).GET().build();
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("the bridge exited with " + process.exitValue() + " before it was healthy; stderr: "
                        + tail(stderr()) + " stdout: " + tail(stdout()));
            }
            try {
                if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("GET /observe/health did not answer 200 within " + limit + "; stdout: " + tail(stdout()));
            }
            Thread.sleep(200);
        }
    }

    /** kill -9: Process.destroyForcibly() sends SIGKILL on Linux. Returns the exit code (137 = 128 + SIGKILL). */
    public int kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the bridge (pid " + process.pid() + ") is still alive 60 s after SIGKILL");
        }
        return process.exitValue();
    }

    /** A normal stop (SIGTERM: Camel's graceful shutdown). Returns the exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
            throw new AssertionError("the bridge did not stop within 90 s of SIGTERM and was killed");
        }
        return process.exitValue();
    }

    /** Lines the current (or last) run wrote to stdout. */
    public List<String> stdout() {
        return lines(stdout);
    }

    /** Lines the current (or last) run wrote to stderr. */
    public List<String> stderr() {
        return lines(stderr);
    }

    /** Lines the given start (1 = the first) wrote to stdout. */
    public List<String> stdoutOf(int start) {
        return lines(workDir.resolve("logs").resolve("stdout-" + start + ".log"));
    }

    /** Every stdout line of every start so far, oldest first. */
    public List<String> allStdout() {
        List<String> all = new ArrayList<>();
        for (int i = 1; i <= starts; i++) {
            all.addAll(lines(workDir.resolve("logs").resolve("stdout-" + i + ".log")));
        }
        return all;
    }

    /** A connection to the bridge's H2 file; only while the bridge is not running (H2 locks the file). */
    public Connection openDatabase() throws Exception {
        if (isAlive()) {
            throw new IllegalStateException("stop the bridge before opening its H2 file");
        }
        return DriverManager.getConnection(dbUrl(), "sa", "");
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static List<String> lines(Path file) {
        if (file == null || !Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String tail(List<String> lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
