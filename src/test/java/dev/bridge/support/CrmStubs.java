package dev.bridge.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/** A GitLab GraphQL stand-in for CRM contacts (requests matched on the query text) and HighLevel contact events. */
public final class CrmStubs {

    public static final String GRAPHQL = "/api/graphql";
    public static final String GROUP_GID = "gid://gitlab/Group/26";
    public static final String LOCATION = "ve9EPM428h8vShlRW1KT";
    public static final String INDUSTRY_FIELD = "BcdmQEsNgz6AVpgLVUJ0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CrmStubs() {
    }

    /** A HighLevel contact event; the contact has company Acme and custom field industry = Robotics. */
    public static String contact(String type, String id, String first, String last, String email, String phone, Instant updated) throws Exception {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", type);
        c.put("locationId", LOCATION);
        c.put("id", id);
        c.put("firstName", first);
        c.put("lastName", last);
        c.put("email", email);
        if (phone != null) {
            c.put("phone", phone);
        }
        c.put("companyName", "Acme");
        c.put("customFields", List.of(Map.of("id", INDUSTRY_FIELD, "value", "Robotics")));
        c.put("dateUpdated", updated.toString());
        c.put("timestamp", Instant.now().toString());
        c.put("webhookId", UUID.randomUUID().toString());
        return JSON.writeValueAsString(c);
    }

    public static MappingBuilder graphql(String queryText) {
        return post(urlEqualTo(GRAPHQL)).withRequestBody(matchingJsonPath("$.query", containing(queryText)));
    }

    public static MappingBuilder search(String term, String... nodes) {
        return graphql("contacts(search:").atPriority(1).withRequestBody(matchingJsonPath("$.variables.search", equalTo(term)))
                .willReturn(Stubs.okJson(group(nodes)));
    }

    public static MappingBuilder byId(String gid, String node) {
        return graphql("contacts(ids:").withRequestBody(matchingJsonPath("$.variables.ids[0]", equalTo(gid))).willReturn(Stubs.okJson(group(node)));
    }

    public static String node(String number, String first, String last, String email, String phone, String description, String updatedAt) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("id", "gid://gitlab/CustomerRelations::Contact/" + number);
        n.put("firstName", first);
        n.put("lastName", last);
        n.put("email", email);
        n.put("phone", phone);
        n.put("description", description);
        n.put("active", true);
        n.put("updatedAt", updatedAt);
        try {
            return JSON.writeValueAsString(n);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String group(String... nodes) {
        return "{\"data\":{\"group\":{\"id\":\"" + GROUP_GID + "\",\"contacts\":{\"nodes\":[" + String.join(",", nodes) + "]}}}}";
    }

    public static String created(String node) {
        return "{\"data\":{\"customerRelationsContactCreate\":{\"contact\":" + node + ",\"errors\":[]}}}";
    }

    public static String updated(String node) {
        return "{\"data\":{\"customerRelationsContactUpdate\":{\"contact\":" + node + ",\"errors\":[]}}}";
    }

    /** The GraphQL requests whose query contains {@code queryText}. */
    public static List<LoggedRequest> requests(WireMockExtension gitlab, String queryText) {
        return gitlab.findAll(postRequestedFor(urlEqualTo(GRAPHQL)).withRequestBody(matchingJsonPath("$.query", containing(queryText))));
    }

    /** How many contact searches looked for {@code term}. */
    public static long searches(WireMockExtension gitlab, String term) {
        return gitlab.findAll(postRequestedFor(urlEqualTo(GRAPHQL)).withRequestBody(matchingJsonPath("$.query", containing("contacts(search:")))
                .withRequestBody(matchingJsonPath("$.variables.search", equalTo(term)))).size();
    }
}
