package dev.bridge.mapping;

import java.util.Map;
import java.util.Set;

/** The mapping file's {@code pipelines} section: the pipelines the CRM triggers (F11) and the results that reach contacts (F10). */
public final class Pipelines {

    private final PipelineTriggers triggers;
    private final PipelineReports reports;

    private Pipelines(PipelineTriggers triggers, PipelineReports reports) {
        this.triggers = triggers;
        this.reports = reports;
    }

    public PipelineTriggers triggers() {
        return triggers;
    }

    public PipelineReports reports() {
        return reports;
    }

    /** Reads and checks the section (null when the file has none); problems go to {@code in}, one line each. */
    static Pipelines read(Object section, Entries in) {
        Map<String, Object> map = in.map(section, "pipelines");
        in.onlyKeys(map, Set.of("triggers", "reports"), "pipelines.");
        return new Pipelines(PipelineTriggers.read(map.get("triggers"), in), PipelineReports.read(map.get("reports"), in));
    }
}
