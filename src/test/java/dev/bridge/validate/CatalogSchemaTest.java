package dev.bridge.validate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The project's own routes/ and kamelets/ pass the checks {@code validate} runs (Camel's YAML DSL schema, route ids,
 * Kamelet metadata and templates), and the checks do catch the mistakes they are for.
 */
class CatalogSchemaTest {

    private static final Path PROJECT = Path.of("").toAbsolutePath();

    @TempDir
    Path temp;

    @Test
    void every_route_file_in_routes_passes_the_schema_and_the_route_checks() throws Exception {
        List<Problem> problems = new ArrayList<>();
        Kamelets catalog = KameletChecks.checkFolder(PROJECT, new ArrayList<>()).catalog();
        int files = new RouteChecks(catalog, projectProperties()).checkFolder(PROJECT, problems);
        assertTrue(files > 0, "routes/ holds route files");
        assertEquals(List.of(), lines(problems));
    }

    @Test
    void the_readmes_tutorial_flow_passes_the_schema_and_the_route_checks() throws Exception {
        List<Problem> problems = new ArrayList<>();
        Kamelets catalog = KameletChecks.checkFolder(PROJECT, new ArrayList<>()).catalog();
        Path file = PROJECT.resolve("docs/tutorial/gitlab-comment-completes-task.camel.yaml");
        YamlFile y = YamlFile.read(file, "docs/tutorial/" + file.getFileName(), problems);
        problems.addAll(new RouteChecks(catalog, projectProperties()).check(y, file.getFileName().toString()));
        assertEquals(List.of(), lines(problems));
    }

    @Test
    void every_kamelet_in_kamelets_has_valid_metadata_and_a_template_that_passes_the_schema() throws Exception {
        List<Problem> problems = new ArrayList<>();
        int files = KameletChecks.checkFolder(PROJECT, problems).files();
        assertTrue(files > 0, "kamelets/ holds *.kamelet.yaml files");
        assertEquals(List.of(), lines(problems));
    }

    @Test
    void a_placeholder_where_the_schema_wants_a_number_is_reported_with_the_file_line_and_path() throws Exception {
        Path routes = Files.createDirectories(temp.resolve("routes"));
        Files.writeString(routes.resolve("retry-settings.camel.yaml"), """
                - routeConfiguration:
                    id: retry-settings
                    errorHandler:
                      deadLetterChannel:
                        deadLetterUri: log:dead
                        redeliveryPolicy:
                          maximumRedeliveries: 3
                          backOffMultiplier: "{{x}}"
                """);
        List<Problem> problems = new ArrayList<>();
        new RouteChecks(new Kamelets(), key -> Optional.empty()).checkFolder(temp, problems);

        assertEquals(1, problems.size(), lines(problems).toString());
        Problem p = problems.get(0);
        assertEquals("routes/retry-settings.camel.yaml", p.file());
        assertEquals(8, p.line(), "the line of backOffMultiplier");
        assertEquals("/0/routeConfiguration/errorHandler/deadLetterChannel/redeliveryPolicy/backOffMultiplier", p.entry());
        assertTrue(p.text().startsWith("string found, number expected; write a number"), p.text());
        assertTrue(p.toString().startsWith("routes/retry-settings.camel.yaml:8: /0/routeConfiguration/"), p.toString());
    }

    @Test
    void a_typo_in_a_step_an_unknown_kamelet_and_a_second_route_with_the_same_id_are_each_one_problem() throws Exception {
        Path routes = Files.createDirectories(temp.resolve("routes"));
        Files.writeString(routes.resolve("first.camel.yaml"), """
                - route:
                    id: first
                    from:
                      uri: direct:first
                      steps:
                        - setHeader:
                            name: a
                            constnt: b
                        - to: kamelet:nowhere-sink
                """);
        Files.writeString(routes.resolve("second.camel.yaml"), """
                - route:
                    id: first
                    from:
                      uri: direct:second
                      steps:
                        - log: second
                """);
        List<Problem> problems = new ArrayList<>();
        new RouteChecks(new Kamelets(), key -> Optional.empty()).checkFolder(temp, problems);

        assertEquals(List.of(
                "routes/first.camel.yaml:8: /0/route/from/steps/0/setHeader/constnt: 'constnt' is not an option here; check its spelling and where it is indented",
                "routes/first.camel.yaml:9: /0/route/from/steps/1/to: there is no Kamelet 'nowhere-sink'; add kamelets/nowhere-sink.kamelet.yaml or fix the name",
                "routes/second.camel.yaml:2: /0/route/id: route id 'first' is also used in routes/first.camel.yaml:2; give each route its own id",
                "routes/second.camel.yaml:2: /0/route/id: route id 'first' differs from the file name; rename the file to first.camel.yaml or make the id 'second'"),
                lines(problems));
    }

    @Test
    void a_well_formed_kamelet_passes_and_its_broken_twin_is_reported_line_by_line() throws Exception {
        Path kamelets = Files.createDirectories(temp.resolve("kamelets"));
        Files.writeString(kamelets.resolve("note-sink.kamelet.yaml"), KAMELET);
        List<Problem> problems = new ArrayList<>();
        KameletChecks.Result result = KameletChecks.checkFolder(temp, problems);
        assertEquals(1, result.files());
        assertEquals(List.of(), lines(problems), "the well-formed Kamelet passes");

        // a route that uses it must give its required property
        Path routes = Files.createDirectories(temp.resolve("routes"));
        Files.writeString(routes.resolve("notes.camel.yaml"), """
                - route:
                    id: notes
                    from:
                      uri: direct:notes
                      steps:
                        - to: kamelet:note-sink?projectId=42
                        - to:
                            uri: kamelet:note-sink
                            parameters:
                              token: abc
                """);
        new RouteChecks(result.catalog(), key -> Optional.empty()).checkFolder(temp, problems);
        assertEquals(List.of(
                "routes/notes.camel.yaml:6: /0/route/from/steps/0/to: Kamelet 'note-sink' needs 'token'; add it to the URI (?token=...) or under parameters:",
                "routes/notes.camel.yaml:8: /0/route/from/steps/1/to/uri: Kamelet 'note-sink' needs 'projectId'; add it to the URI (?projectId=...) or under parameters:"),
                lines(problems));

        Files.writeString(kamelets.resolve("note-sink.kamelet.yaml"), KAMELET
                .replace("    title: Note sink\n", "")
                .replace("        format: password\n", "")
                .replace("type: sink", "type: drain")
                .replace("{{projectId}}", "{{project}}")
                .replace("constant: \"PUT\"", "constant: \"PUT\"\n            constnt: x"));
        problems.clear();
        KameletChecks.checkFolder(temp, problems);
        assertEquals(List.of(
                "kamelets/note-sink.kamelet.yaml:6: /metadata/labels/camel.apache.org~1kamelet.type: label camel.apache.org/kamelet.type is 'drain'; set it to source, sink or action",
                "kamelets/note-sink.kamelet.yaml:8: /spec/definition: has no title; add spec.definition.title",
                "kamelets/note-sink.kamelet.yaml:16: /spec/definition/properties/token: property 'token' looks like a secret but is not 'format: password'; add it, so tools mask the value",
                "kamelets/note-sink.kamelet.yaml:28: /spec/template/from/steps/1/to: {{project}} is not a property of this Kamelet; declare it under spec.definition.properties (or, for an application property, use its full dotted key)",
                "kamelets/note-sink.kamelet.yaml:27: /spec/template/from/steps/0/setHeader/constnt: 'constnt' is not an option here; check its spelling and where it is indented"),
                lines(problems));
    }

    private static final String KAMELET = """
            apiVersion: camel.apache.org/v1
            kind: Kamelet
            metadata:
              name: note-sink
              labels:
                camel.apache.org/kamelet.type: sink
            spec:
              definition:
                title: Note sink
                description: Posts the body as a note.
                required: [projectId, token]
                properties:
                  projectId:
                    title: Project
                    description: Id of the project.
                    type: string
                  token:
                    title: Token
                    description: Access token.
                    type: string
                    format: password
              template:
                from:
                  uri: kamelet:source
                  steps:
                    - setHeader:
                        name: CamelHttpMethod
                        constant: "PUT"
                    - to: "https://gitlab.example.com/api/v4/projects/{{projectId}}/notes?token={{token}}&base={{gitlab.base-url}}"
            """;

    /** The application properties the bridge itself would see (for camel.kamelet.NAME.PROP settings). */
    private static java.util.function.Function<String, Optional<String>> projectProperties() {
        Path config = PROJECT.resolve("config").resolve("application.properties");
        return ConfigChecks.check(PROJECT, Files.exists(config) ? config : null, new ArrayList<>()).lookup();
    }

    private static List<String> lines(List<Problem> problems) {
        return problems.stream().map(Problem::toString).toList();
    }
}
