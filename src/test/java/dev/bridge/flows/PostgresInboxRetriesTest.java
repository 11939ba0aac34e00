package dev.bridge.flows;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The inbox's retries, order and replays once more, on a real PostgreSQL (HikariCP pool, database clock). */
class PostgresInboxRetriesTest extends InboxRetriesContract {

    static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        startBridge(p -> {
            shortRetries(p);
            p.put("bridge.db.url", postgres.getJdbcUrl("postgres", "postgres"));
            p.put("bridge.db.user", "postgres");
        });
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        stopBridge();
        postgres.close();
    }
}
