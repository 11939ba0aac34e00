package bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * The report's lines about what the webhooks became: creates and duplicates, lost, drain, and upstream calls per
 * created issue (TaskCreate) or CRM contact (ContactCreate). The load lines before them are LoadGen's.
 */
final class Report {

    private Report() {
    }

    /** @param start when the timed load began, {@code loadEnd}/{@code drainEnd} when it and the drain ended (nanoTime) */
    static void outcome(Drain d, long accepted, int missing, int extra, long start, long loadEnd, long drainEnd) {
        boolean task = d.mode == Mode.TASK;
        String unit = d.mode.unit, units = unit + "s";
        if (task) {
            System.out.printf("gitlab issues   %d created for %d tasks, %d duplicates (%d marker searches)%n", d.stat("issuePosts"),
                    d.distinct(), d.stat("duplicates"), d.stat("issueSearches"));
            System.out.printf("ghl calls       %d contact GETs, %d task PUTs, %d unauthorized, %d unexpected%n", d.stat("contactGets"),
                    d.stat("taskPuts"), d.stat("unauthorized"), d.stat("unexpected"));
            System.out.printf("lost            %d accepted webhooks did not become an issue; %d issues for webhooks not answered 'accepted'%n",
                    missing, extra);
            System.out.printf("drain           all issues %s, all GHL task updates %s; %.0f issues/s over load+drain%n",
                    since(d.doneAt[0], loadEnd), since(d.doneAt[1], loadEnd), d.distinct() / ((drainEnd - start) / 1e9));
        } else {
            System.out.printf("crm contacts    %d created for %d contacts, %d duplicates (%d searches)%n", d.stat("contactCreates"),
                    d.distinct(), d.stat("contactDuplicates"), d.stat("contactSearches"));
            System.out.printf("stand-ins       %d unauthorized, %d unexpected calls%n", d.stat("unauthorized"), d.stat("unexpected"));
            System.out.printf("lost            %d accepted webhooks did not become a CRM contact; %d CRM contacts for webhooks not answered 'accepted'%n",
                    missing, extra);
            System.out.printf("drain           all CRM contacts %s; %.0f contacts/s over load+drain%n",
                    since(d.doneAt[0], loadEnd), d.distinct() / ((drainEnd - start) / 1e9));
        }
        // the drain alone: from the end of load until the last accepted webhook is done (or, when it never got there,
        // until the last progress); its rate is the flow's steady rate without ingest
        double drainSeconds = Math.max(0, d.end() - loadEnd) / 1e9;
        long madeInDrain = (d.complete() ? d.distinct() : d.atProgress) - d.atLoadEnd;
        if (d.complete()) {
            System.out.printf("drain time      %.1f s from end of load until all %d accepted webhooks had %s%n", drainSeconds, accepted,
                    task ? "their issue and GHL task update" : "their CRM contact");
        } else if (task) {
            System.out.printf("drain time      NOT complete: %d of %d accepted webhooks had an issue, %d a GHL task update; last progress %.1f s after load ended%n",
                    d.distinct(), accepted, d.stat("updatedTasks"), drainSeconds);
        } else {
            System.out.printf("drain time      NOT complete: %d of %d accepted webhooks had a CRM contact; last progress %.1f s after load ended%n",
                    d.distinct(), accepted, drainSeconds);
        }
        System.out.printf("drain rate      %.0f %s/s over the drain (%d %s made after the load ended, %d during warm-up+load)%n",
                drainSeconds == 0 ? 0 : madeInDrain / drainSeconds, units, madeInDrain, units, d.atLoadEnd);
        // every request the stand-ins got, per thing created: the bridge's cost upstream (rate limits, latency)
        long created = d.stat(d.mode.createdKey), totalCalls = 0;
        StringBuilder kinds = new StringBuilder();
        for (Map.Entry<String, JsonNode> kind : d.stats.path("calls").properties()) {
            long n = kind.getValue().asLong();
            totalCalls += n;
            if (n > 0 || d.mode.kinds.contains(kind.getKey())) {
                kinds.append(kinds.length() == 0 ? "" : ", ").append(kind.getKey()).append(' ').append(n)
                        .append(String.format(" (%.2f)", per(n, created)));
            }
        }
        System.out.printf("upstream calls  %d requests to the stand-ins / %d %s created = %.2f per %s%n", totalCalls, created,
                task ? "issues" : "CRM contacts", per(totalCalls, created), unit);
        System.out.println("upstream kinds  " + kinds + " (per " + unit + ")");
    }

    private static double per(long n, long created) {
        return created == 0 ? 0 : (double) n / created;
    }

    private static String since(long at, long loadEnd) {
        return at < 0 ? "NOT complete (gave up: no progress)" : String.format("%.1f s after load ended", (at - loadEnd) / 1e9);
    }
}
