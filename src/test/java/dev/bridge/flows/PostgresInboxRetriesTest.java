package dev.bridge.flows;

import dev.bridge.support.Postgres;
import org.junit.jupiter.api.BeforeAll;

/** The inbox's retries, order and replays once more, on a real PostgreSQL (HikariCP pool, database clock). */
class PostgresInboxRetriesTest extends InboxRetriesContract {

    @BeforeAll
    static void start() throws Exception {
        startBridge(p -> {
            shortRetries(p);
            Postgres.use(p);
        });
    }
}
