package dev.bridge.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.VetoCamelContextStartException;
import org.apache.camel.model.EndpointRequiredDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mistake in a route file, as one line: the file, the line and the problem. Camel reports YAML mistakes with a
 * position (SnakeYAML marks) and route mistakes (unknown endpoint, bad expression, two consumers of one endpoint)
 * by route id and node; the line of such a node comes from the route's definition.
 */
public final class RouteProblem {

    private static final Pattern AT_NODE = Pattern.compile(">>> (.*?) <<<", Pattern.DOTALL);
    private static final Pattern FROM_TEMPLATE = Pattern.compile("Failure creating route from template: (\\S+)");

    private final String file;
    private final int line;
    private final String problem;

    private RouteProblem(String file, int line, String problem) {
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    /** The route-file mistake behind {@code error}, or null when it is not one. */
    public static RouteProblem find(Throwable error, CamelContext context) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException yaml) {
                return ofYaml(yaml);
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            String routeId = t instanceof FailedToCreateRouteException c ? c.getRouteId()
                    : t instanceof FailedToStartRouteException s ? s.getRouteId() : null;
            if (routeId != null) {
                RouteDefinition route = definition(context, routeId);
                return new RouteProblem(fileOf(route), route == null ? 0 : lineOf(route, t.getMessage()), deepest(t));
            }
            Matcher kamelet = t instanceof VetoCamelContextStartException ? FROM_TEMPLATE.matcher(String.valueOf(t.getMessage())) : null;
            if (kamelet != null && kamelet.find()) {
                return usingKamelet(context, kamelet.group(1), deepest(t));
            }
        }
        return null;
    }

    /** The file as a path relative to the working folder when it is inside it, else absolute; null when unknown. */
    public String file() {
        return file;
    }

    /** The line and problem, without the file: {@code line 6: Unknown node id: notAStep}. */
    public String withoutFile() {
        return (line > 0 ? "line " + line + ": " : "") + problem;
    }

    @Override
    public String toString() {
        return file == null ? withoutFile() : file + (line > 0 ? " line " + line : "") + ": " + problem;
    }

    /** A file location as Camel writes it ({@code file:routes/a.yaml}) shown relative to the working folder. */
    public static String display(String location) {
        Path path = RouteLoader.pathOf(location);
        if (path == null) {
            return location;
        }
        Path here = Path.of("").toAbsolutePath();
        return path.startsWith(here) ? here.relativize(path).toString() : path.toString();
    }

    private static RouteProblem ofYaml(MarkedYamlEngineException yaml) {
        Optional<Mark> at = yaml.getProblemMark().or(yaml::getContextMark);
        String problem = oneLine(yaml.getProblem() != null ? yaml.getProblem() : String.valueOf(yaml.getMessage()));
        String context = yaml.getContext();
        if (context != null && !context.isBlank()) {
            problem += " (" + oneLine(context) + yaml.getContextMark().map(m -> " at line " + (m.getLine() + 1)).orElse("") + ")";
        }
        return new RouteProblem(at.map(m -> display(m.getName())).orElse(null), at.map(m -> m.getLine() + 1).orElse(0), problem);
    }

    /** A Kamelet that could not be made into a route at start-up: the first route that uses it. */
    private static RouteProblem usingKamelet(CamelContext context, String kamelet, String problem) {
        Pattern uri = Pattern.compile("kamelet:(//)?" + Pattern.quote(kamelet) + "([?/].*)?");
        for (RouteDefinition route : model(context) == null ? List.<RouteDefinition>of() : model(context).getRouteDefinitions()) {
            for (ProcessorDefinition<?> node : nodes(route)) {
                if (node instanceof EndpointRequiredDefinition e && e.getEndpointUri() != null && uri.matcher(e.getEndpointUri()).matches()) {
                    return new RouteProblem(fileOf(route), node.getLineNumber(), "Kamelet " + kamelet + ": " + problem);
                }
            }
            if (route.getInput() != null && uri.matcher(String.valueOf(route.getInput().getEndpointUri())).matches()) {
                return new RouteProblem(fileOf(route), route.getInput().getLineNumber(), "Kamelet " + kamelet + ": " + problem);
            }
        }
        return new RouteProblem(null, 0, "Kamelet " + kamelet + ": " + problem);
    }

    /** The line of the node Camel names ({@code >>> to[x] <<<}), else of the route's {@code from}. */
    private static int lineOf(RouteDefinition route, String message) {
        Matcher at = AT_NODE.matcher(String.valueOf(message));
        if (at.find()) {
            for (ProcessorDefinition<?> node : nodes(route)) {
                if (at.group(1).equals(String.valueOf(node)) && node.getLineNumber() > 0) {
                    return node.getLineNumber();
                }
            }
        }
        return route.getInput() != null && route.getInput().getLineNumber() > 0 ? route.getInput().getLineNumber() : route.getLineNumber();
    }

    private static List<ProcessorDefinition<?>> nodes(RouteDefinition route) {
        List<ProcessorDefinition<?>> all = new ArrayList<>();
        collect(route.getOutputs(), all);
        return all;
    }

    private static void collect(List<ProcessorDefinition<?>> nodes, List<ProcessorDefinition<?>> into) {
        for (ProcessorDefinition<?> node : nodes) {
            into.add(node);
            collect(node.getOutputs(), into);
        }
    }

    private static String fileOf(RouteDefinition route) {
        return route == null || route.getResource() == null ? null : display(route.getResource().getLocation());
    }

    private static RouteDefinition definition(CamelContext context, String routeId) {
        Model model = model(context);
        return model == null ? null : model.getRouteDefinition(routeId);
    }

    private static Model model(CamelContext context) {
        return context == null ? null : context.getCamelContextExtension().getContextPlugin(Model.class);
    }

    /** The innermost cause says what is wrong; the outer ones repeat it with the route printed around it. */
    private static String deepest(Throwable t) {
        Throwable inner = t;
        while (inner.getCause() != null && inner.getCause() != inner) {
            inner = inner.getCause();
        }
        String message = inner.getMessage();
        return message == null || message.isBlank() ? inner.getClass().getSimpleName() : oneLine(message);
    }

    private static String oneLine(String text) {
        String first = text.strip().lines().findFirst().orElse("");
        return first.length() > 400 ? first.substring(0, 400) + "..." : first;
    }
}
