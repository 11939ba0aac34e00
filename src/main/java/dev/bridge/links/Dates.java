package dev.bridge.links;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** GHL due dates are instants, GitLab due dates are days; both are read in the configured zone. */
public final class Dates {

    private final ZoneId zone;

    public Dates(ZoneId zone) {
        this.zone = zone;
    }

    /** "2021-11-26T12:41:02.193Z" to "2021-11-26"; null or unreadable gives null (no due date). */
    public String toDay(Object instant) {
        if (instant == null || instant.toString().isBlank()) {
            return null;
        }
        try {
            return Instant.parse(instant.toString()).atZone(zone).toLocalDate().toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** "2021-11-26" to the start of that day as an instant, "2021-11-26T00:00:00Z" in UTC. */
    public String toInstant(Object day) {
        if (day == null || day.toString().isBlank()) {
            return null;
        }
        return LocalDate.parse(day.toString().substring(0, 10)).atStartOfDay(zone).toInstant().toString();
    }
}
