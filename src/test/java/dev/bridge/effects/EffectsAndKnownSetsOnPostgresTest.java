package dev.bridge.effects;

import dev.bridge.config.Database;
import dev.bridge.support.Postgres;
import org.junit.jupiter.api.BeforeAll;

import java.util.HashMap;
import java.util.Map;

/** The same on PostgreSQL, which aborts a transaction at its first error where H2 goes on. */
class EffectsAndKnownSetsOnPostgresTest extends EffectsAndKnownSetsTest {

    @BeforeAll
    static void open() {
        Map<String, String> settings = new HashMap<>();
        Postgres.use(settings);
        ds = Database.open(settings.get("bridge.db.url"), settings.get("bridge.db.user"), "");
    }
}
