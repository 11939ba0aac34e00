package dev.bridge.clients;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The custom fields of a HighLevel location, read once per location and run: the mapping may name a custom field
 * by its key ({@code industry} or {@code contact.industry}), while contacts carry values by field id.
 */
public final class GhlCustomFields {

    private final ApiClient api;
    private final Map<String, Map<String, String>> idsByLocation = new ConcurrentHashMap<>();

    public GhlCustomFields(ApiClient api) {
        this.api = api;
    }

    /** The id of the custom field named {@code idOrKey} in the location, or null when it has none of that id or key. */
    public String idOf(String locationId, String idOrKey) {
        Map<String, String> ids = idsByLocation.computeIfAbsent(locationId, this::read);
        String id = ids.get(idOrKey);
        return id != null ? id : ids.get("contact." + idOrKey);
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> read(String locationId) {
        Map<String, String> ids = new LinkedHashMap<>();
        Object fields = api.get("/locations/" + ApiClient.encode(locationId) + "/customFields").get("customFields");
        if (fields instanceof List<?> list) {
            for (Object o : list) {
                Map<String, Object> f = (Map<String, Object>) o;
                String id = String.valueOf(f.get("id"));
                ids.put(id, id);
                if (f.get("fieldKey") != null) {
                    ids.put(String.valueOf(f.get("fieldKey")), id);
                }
            }
        }
        return ids;
    }
}
