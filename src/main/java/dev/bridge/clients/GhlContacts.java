package dev.bridge.clients;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** HighLevel contacts of one location (API v2): the contact search, and reading and updating one contact. */
public final class GhlContacts {

    /** The search's date format: ISO-8601 UTC with milliseconds, as GHL writes dateUpdated. */
    public static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final ApiClient api;
    private final String locationId;

    public GhlContacts(ApiClient api, String locationId) {
        this.api = api;
        this.locationId = locationId;
    }

    /** The contact as HighLevel holds it now ({@code GET /contacts/:id}). */
    public Map<String, Object> get(String contactId) {
        return unwrap(api.get("/contacts/" + ApiClient.encode(contactId)));
    }

    /** Writes the given fields ({@code PUT /contacts/:id}; UpdateContactDto fields only, never locationId). Out: the contact. */
    public Map<String, Object> update(String contactId, Map<String, Object> fields) {
        return unwrap(api.put("/contacts/" + ApiClient.encode(contactId), fields));
    }

    /** Adds tags to the contact ({@code POST /contacts/:id/tags}): never a PUT of the list, which drops the others. */
    public void addTags(String contactId, List<String> tags) {
        api.post("/contacts/" + ApiClient.encode(contactId) + "/tags", Map.of("tags", tags));
    }

    /** Removes tags from the contact ({@code DELETE /contacts/:id/tags} with the tags in the body). */
    public void removeTags(String contactId, List<String> tags) {
        api.call("DELETE", "/contacts/" + ApiClient.encode(contactId) + "/tags", Map.of("tags", tags));
    }

    /** The configured location (GHL_LOCATION_ID), or null. */
    public String locationId() {
        return locationId;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> unwrap(Map<String, Object> answer) {
        return answer.get("contact") instanceof Map<?, ?> c ? new LinkedHashMap<>((Map<String, Object>) c) : answer;
    }

    /**
     * One page of the contacts changed at or after {@code from}, oldest change first. Page numbers stop at 10,000
     * records, so the next page is asked for with {@code searchAfter} (null for the first page) instead.
     */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> changedSince(Instant from, List<Object> searchAfter, int pageLimit) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("locationId", locationId);
        body.put("pageLimit", pageLimit);
        body.put("filters", List.of(Map.of("field", "dateUpdated", "operator", "range", "value", Map.of("gte", DATE.format(from)))));
        body.put("sort", List.of(Map.of("field", "dateUpdated", "direction", "asc")));
        if (searchAfter != null) {
            body.put("searchAfter", searchAfter);
        }
        Object contacts = api.post("/contacts/search", body).get("contacts");
        if (contacts == null) {
            return List.of();
        }
        if (!(contacts instanceof List<?>)) {
            throw new ApiClient.ApiCallFailed("POST /contacts/search answered without a list of contacts", null);
        }
        return (List<Map<String, Object>>) contacts;
    }
}
