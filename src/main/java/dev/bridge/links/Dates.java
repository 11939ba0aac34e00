package dev.bridge.links;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** GHL due dates are instants, GitLab due dates are days; both are read in the configured zone. */
public final class Dates {

    private static final DateTimeFormatter GITLAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    private final ZoneId zone;

    public Dates(ZoneId zone) {
        this.zone = zone;
    }

    /** "2021-11-26T12:41:02.193Z" to "2021-11-26"; null or unreadable gives null (no due date). */
    public String toDay(Object instant) {
        Instant at = instant(instant);
        return at == null ? null : at.atZone(zone).toLocalDate().toString();
    }

    /**
     * "2021-11-26" to an instant on that day, at the time of day {@code keepTimeOf} has (so a GHL task due at
     * 15:30 stays due at 15:30 when GitLab moves its day), else at the start of the day; null stays null.
     */
    public String toInstant(Object day, Object keepTimeOf) {
        if (day == null || day.toString().isBlank()) {
            return null;
        }
        Instant previous = instant(keepTimeOf);
        LocalTime time = previous == null ? LocalTime.MIDNIGHT : previous.atZone(zone).toLocalTime();
        return LocalDate.parse(day.toString().substring(0, 10)).atTime(time).atZone(zone).toInstant().toString();
    }

    /** An instant in one canonical spelling ("...T12:00:00.000Z" and "...T12:00:00Z" are the same), or null. */
    public String canonical(Object instant) {
        Instant at = instant(instant);
        return at == null ? null : at.toString();
    }

    private static Instant instant(Object value) {
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.toString());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** GitLab writes hook times as "2013-12-03T17:15:43Z" or "2015-05-17 17:06:40 UTC". */
    public static boolean olderThan(Object time, Object known) {
        Instant a = parse(time);
        Instant b = parse(known);
        // hook times have whole seconds, API answers milliseconds: an edit in the same second as the bridge's write is news
        return a != null && b != null && a.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).isBefore(b.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    /** A time as GHL or GitLab writes it (ISO-8601, or GitLab's "2015-05-17 17:06:40 UTC"), or null. */
    public static Instant parse(Object time) {
        if (time == null) {
            return null;
        }
        String s = time.toString();
        try {
            return s.endsWith(" UTC") ? LocalDateTime.parse(s, GITLAB_TIME).toInstant(java.time.ZoneOffset.UTC) : Instant.parse(s);
        } catch (Exception e) {
            return null;
        }
    }
}
