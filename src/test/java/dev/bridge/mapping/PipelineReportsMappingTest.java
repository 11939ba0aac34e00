package dev.bridge.mapping;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.bridge.support.MappingFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** pipelines.reports (F10) is read and checked whole: each problem one line naming the entry and the fix. */
class PipelineReportsMappingTest {

    /** The commented example in config/mapping.yaml, uncommented. */
    private static String projectExample() throws Exception {
        String text = Files.readString(Path.of("config", "mapping.yaml"));
        String example = text.substring(text.indexOf("#pipelines:"));
        example = example.substring(0, example.indexOf("\n\n"));
        return String.join("\n", example.lines().filter(l -> !l.startsWith("#      #")).map(l -> l.substring(1)).toList()) + "\n";
    }

    @Test
    void the_example_in_the_projects_mapping_file_reads_as_written() throws Exception {
        Path file = write(projectExample());
        assertEquals(List.of(), Mapping.problems(file));
        PipelineReports r = Mapping.load(file).pipelines().reports();
        assertTrue(r.project(42, "acme/support", null));
        assertFalse(r.project(43, "acme/other", "43"), "configured projects replace the default one");
        assertTrue(r.ref("main"));
        assertFalse(r.ref("feature/x"));
        assertFalse(r.pipeline("failed").note().isEmpty());
        assertEquals(List.of("build-fixed"), r.pipeline("fixed").tags());
        assertTrue(r.pipeline("success").isEmpty());
        assertEquals(Duration.ofDays(1), r.mergeRequestMerged().task().due());
        assertTrue(r.mergeRequestMerged().needsContact());
        assertFalse(r.pipeline("fixed").needsContact());
    }

    @Test
    void without_the_section_nothing_is_reported_and_the_default_project_is_the_one() throws Exception {
        PipelineReports r = Mapping.load(write("pipelines:\n  reports:\n    pipeline:\n      failed: { note: \"Failed: {{url}}\" }\n"))
                .pipelines().reports();
        assertTrue(r.project(42, "acme/support", "acme/support"));
        assertFalse(r.project(42, "acme/support", "7"));
        assertTrue(r.ref("any/branch"));
        assertTrue(r.reportsPipelines());
        assertTrue(r.mergeRequestMerged().isEmpty());
        assertFalse(Mapping.load(write("tasks: {}\n")).pipelines().reports().reportsPipelines());
    }

    @Test
    void every_problem_is_one_line_naming_the_entry_and_the_fix() throws Exception {
        Path file = write("""
                pipelines:
                  reports:
                    projects: ["a b"]
                    refs: main
                    branches: [main]
                    pipeline:
                      broken: { note: "x {{url}}" }
                      failed: { note: "The build failed", colour: red }
                      fixed: { note: "Fixed {{url}} for {{shoeSize}}", tag: "a,b" }
                    mergeRequestMerged:
                      task: { title: "Tell {{name}}\\nnow", body: "Shipped", due: tomorrow }
                """);
        List<String> problems = Mapping.problems(file);
        problems.forEach(p -> {
            assertTrue(p.startsWith(file + ": pipelines.reports."), p);
            assertFalse(p.contains("\n"), p);
        });
        assertHas(problems, "pipelines.reports.projects must be a list of project ids or paths");
        assertHas(problems, "pipelines.reports.refs must be a list of names");
        assertHas(problems, "pipelines.reports.branches is not known here; use mergeRequestMerged, pipeline, projects, refs");
        assertHas(problems, "pipelines.reports.pipeline.broken is not known here; use failed, fixed, success");
        assertHas(problems, "pipelines.reports.pipeline.failed.colour is not known here; use note, tag, task");
        assertHas(problems, "pipelines.reports.pipeline.failed.note must name {{url}}");
        assertHas(problems, "pipelines.reports.pipeline.fixed.note names {{shoeSize}}, which is not known");
        assertHas(problems, "pipelines.reports.pipeline.fixed.tag must be a tag name without commas");
        assertHas(problems, "pipelines.reports.mergeRequestMerged.task.title must be one line");
        assertHas(problems, "pipelines.reports.mergeRequestMerged.task.body must name {{url}}");
        assertHas(problems, "pipelines.reports.mergeRequestMerged.task.due 'tomorrow' is not an offset; write a number and a unit: 30m, 4h, 2d or 1w");
        assertEquals(11, problems.size(), String.join("\n", problems));
    }

    private static void assertHas(List<String> problems, String text) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(text)), "no problem says '" + text + "' in:\n" + String.join("\n", problems));
    }
}
