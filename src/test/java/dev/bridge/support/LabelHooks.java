package dev.bridge.support;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Issue Hooks whose labels changed, shaped like GitLab's (fixture gitlab/issue-hook-labels.json), by Jane Dev. */
public final class LabelHooks {

    private LabelHooks() {
    }

    /** A hook about issue {@code iid} (in project 42) whose labels went from {@code previous} to {@code current}. */
    public static String changed(int iid, String title, String description, List<String> previous, List<String> current) {
        return Webhooks.fixture("gitlab/issue-hook-labels.json", Map.of("iid", String.valueOf(iid), "title", title,
                "description", description, "userName", "Jane Dev", "previous", labels(previous), "current", labels(current)));
    }

    private static String labels(List<String> titles) {
        return titles.stream().map(t -> "{\"id\":" + Math.abs(t.hashCode() % 1000) + ",\"title\":" + Stubs.json(t) + ",\"color\":\"#ffffff\","
                + "\"project_id\":42,\"template\":false,\"description\":null,\"type\":\"ProjectLabel\",\"group_id\":41}").collect(Collectors.joining(",", "[", "]"));
    }
}
