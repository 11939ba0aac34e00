package dev.bridge.routes;

import dev.bridge.config.ConfigProblem;
import dev.bridge.config.Settings;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps the running flows in step with the route files while the bridge runs (instead of Camel's reload, which
 * neither undeploys a deleted file nor reloads a flow that starts from a source Kamelet). Polls the folders of
 * {@code camel.main.routesIncludePattern}; a file is acted on once it is unchanged for one poll (an editor may
 * still be writing it), and an empty file counts as not yet written.
 * <ul>
 *   <li>new file: its routes start; changed file: its routes (and their Kamelet routes) are replaced;</li>
 *   <li>deleted file: its routes stop and are removed;</li>
 *   <li>broken file: one ERROR line with the file, line and problem; its old routes stay removed until it is fixed
 *       (their events wait in the inbox), every other flow keeps running;</li>
 *   <li>a file with a routeConfiguration: shared by every flow, so one WARN line asks for a restart.</li>
 * </ul>
 */
public final class RouteFiles {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFiles.class);
    private static final Pattern ROUTE_CONFIGURATION = Pattern.compile("(?m)^\\s*-\\s*routeConfiguration\\s*:");

    /** A folder to watch, as written in the include pattern (Camel resolves routes relative to it), and its glob. */
    public record Folder(String written, PathMatcher files) {
    }

    private record Stamp(long modified, long size) {
        static final Stamp ABSENT = new Stamp(-1, -1);
    }

    private final CamelContext context;
    private final List<Folder> folders;
    private final long intervalMillis;
    private final RouteLoader loader;
    private final Map<Path, Stamp> seen = new HashMap<>();
    private final Map<Path, Stamp> applied = new HashMap<>();
    private final Map<Path, String> locations = new HashMap<>();
    private Set<Path> shared;
    private ScheduledExecutorService poller;

    public RouteFiles(CamelContext context, List<Folder> folders, long intervalMillis) {
        this.context = context;
        this.folders = folders;
        this.intervalMillis = intervalMillis;
        this.loader = new RouteLoader(context);
    }

    /** The folders named by {@code file:} entries of camel.main.routesIncludePattern ({@code file:routes/*.yaml}). */
    public static List<Folder> folders(String includePattern) {
        List<Folder> folders = new ArrayList<>();
        for (String entry : includePattern == null ? new String[0] : includePattern.split(",")) {
            String pattern = entry.trim();
            if (!pattern.startsWith("file:")) {
                continue;
            }
            String path = pattern.substring(5);
            int slash = path.lastIndexOf('/');
            String folder = slash < 0 ? "." : path.substring(0, slash);
            if (folder.contains("*") || folder.contains("?")) {
                throw new ConfigProblem("BRIDGE_ROUTES_WATCH cannot watch '" + pattern + "' of camel.main.routesIncludePattern: name the folder "
                        + "without wildcards (file:routes/*.yaml), or set BRIDGE_ROUTES_WATCH=false (key bridge.routes.watch)");
            }
            folders.add(new Folder(folder, FileSystems.getDefault().getPathMatcher("glob:" + path.substring(slash + 1))));
        }
        return folders;
    }

    /** Takes the files as loaded at start-up, then polls. */
    public void start() {
        shared = new java.util.HashSet<>(loader.sharedFiles());
        Map<Path, Stamp> now = list();
        seen.putAll(now);
        applied.putAll(now);
        poller = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "route-files");
        poller.scheduleWithFixedDelay(this::poll, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** Stops polling; a file being loaded is finished first. */
    public void stop() {
        if (poller != null) {
            context.getExecutorServiceManager().shutdownGraceful(poller, 10_000);
            poller = null;
        }
    }

    private void poll() {
        try {
            Map<Path, Stamp> now = list();
            Set<Path> files = new TreeSet<>(now.keySet());
            files.addAll(seen.keySet());
            files.addAll(applied.keySet());
            List<Path> deleted = new ArrayList<>();
            List<Path> written = new ArrayList<>();
            for (Path file : files) {
                Stamp current = now.getOrDefault(file, Stamp.ABSENT);
                Stamp before = seen.getOrDefault(file, Stamp.ABSENT);
                seen.put(file, current);
                // still being written, already done, or not written yet
                if (current.equals(before) && !current.equals(applied.getOrDefault(file, Stamp.ABSENT)) && current.size() != 0) {
                    applied.put(file, current);
                    (current.equals(Stamp.ABSENT) ? deleted : written).add(file);
                }
            }
            // deletions first: a renamed file's new name must not find its route ids still taken by the old one
            deleted.forEach(file -> apply(file, false));
            written.forEach(file -> apply(file, true));
        } catch (RuntimeException e) {
            LOG.warn("Route files could not be checked: {}", e.getMessage());
        }
    }

    private void apply(Path file, boolean exists) {
        String name = RouteProblem.display(file.toString());
        try {
            if (shared.contains(file) || exists && ROUTE_CONFIGURATION.matcher(Files.readString(file)).find()) {
                shared.add(file);
                LOG.warn("{} holds a routeConfiguration that every flow shares: restart the bridge to apply the change", name);
                return;
            }
        } catch (IOException e) {
            LOG.error("{} cannot be read: {}", name, e.getMessage());
            return;
        }
        List<String> removed;
        try {
            removed = loader.unload(file);
        } catch (Exception e) {
            report(name + " could not be unloaded: " + e.getMessage(), e);
            return;
        }
        if (!exists) {
            LOG.info("{} was deleted: stopped and removed {}", name, removed.isEmpty() ? "nothing" : "flows " + removed);
            return;
        }
        try {
            List<String> loaded = loader.load(file, locations.get(file));
            LOG.info("{} {}: flows {}", name, removed.isEmpty() ? "loaded" : "reloaded", loaded);
        } catch (ConfigProblem refused) {
            unloadQuietly(file);
            LOG.error("{} is not loaded: {}", name, refused.getMessage());
        } catch (Exception e) {
            RouteProblem problem = RouteProblem.find(e, context);
            unloadQuietly(file);
            String what = problem == null ? String.valueOf(e.getMessage()).strip().lines().findFirst().orElse("") : file.equals(RouteLoader.pathOf(problem.file())) ? problem.withoutFile() : problem.toString();
            report(name + " is not loaded: " + what + (removed.isEmpty() ? "" : "; its flows " + removed + " stay stopped until it is fixed"), e);
        }
    }

    private void unloadQuietly(Path file) {
        try {
            loader.unload(file);
        } catch (Exception e) {
            LOG.debug("Leftovers of {} could not be removed", file, e);
        }
    }

    /** One line; the stack trace only when BRIDGE_DEBUG asks for it. */
    private static void report(String line, Exception e) {
        if (Settings.debug()) {
            LOG.error(line, e);
        } else {
            LOG.error(line);
        }
    }

    private Map<Path, Stamp> list() {
        Map<Path, Stamp> files = new HashMap<>();
        for (Folder folder : folders) {
            Path dir = Path.of(folder.written());
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path entry : (Iterable<Path>) entries::iterator) {
                    if (!folder.files().matches(entry.getFileName())) {
                        continue;
                    }
                    try {
                        BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class);
                        if (attributes.isRegularFile()) {
                            Path file = entry.toAbsolutePath().normalize();
                            files.put(file, new Stamp(attributes.lastModifiedTime().toMillis(), attributes.size()));
                            locations.put(file, folder.written() + "/" + entry.getFileName());
                        }
                    } catch (IOException gone) {
                        // deleted while listing: absent this time
                    }
                }
            } catch (IOException e) {
                LOG.warn("Folder {} could not be listed: {}", dir, e.getMessage());
            }
        }
        return files;
    }
}
