package dev.bridge.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;

/** The GitLab GraphQL stand-in's pages of a group's CRM contacts, as the CRM contacts poller reads them (flow F7). */
public final class CrmPollStubs {

    public static final String PAGE_QUERY = "contacts(first:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CrmPollStubs() {
    }

    /** The page asked for with {@code after} (null: the first page); {@code next} null for the last page. */
    public static MappingBuilder page(String after, String next, String... nodes) {
        MappingBuilder b = CrmStubs.graphql(PAGE_QUERY);
        b = after == null ? b.atPriority(10) : b.atPriority(1).withRequestBody(matchingJsonPath("$.variables.after", equalTo(after)));
        return b.willReturn(Stubs.okJson(body(next, nodes)));
    }

    public static String body(String next, String... nodes) {
        String info = "{\"hasNextPage\":" + (next != null) + ",\"endCursor\":" + (next == null ? "\"last\"" : "\"" + next + "\"") + "}";
        return "{\"data\":{\"group\":{\"id\":\"" + CrmStubs.GROUP_GID + "\",\"contacts\":{\"pageInfo\":" + info + ",\"nodes\":["
                + String.join(",", nodes) + "]}}}}";
    }

    /** The {@code after} variable of each page request, in order (null for a first page). */
    public static List<String> afters(WireMockExtension gitlab) throws Exception {
        List<String> afters = new ArrayList<>();
        for (LoggedRequest r : CrmStubs.requests(gitlab, PAGE_QUERY)) {
            JsonNode after = JSON.readTree(r.getBodyAsString()).path("variables").path("after");
            afters.add(after.isMissingNode() || after.isNull() ? null : after.asText());
        }
        return afters;
    }
}
