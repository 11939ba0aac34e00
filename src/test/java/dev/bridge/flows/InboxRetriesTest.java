package dev.bridge.flows;

import org.junit.jupiter.api.BeforeAll;

/** The inbox's retries, order and replays on the embedded H2 file. */
class InboxRetriesTest extends InboxRetriesContract {

    @BeforeAll
    static void start() throws Exception {
        startBridge(InboxRetriesContract::shortRetries);
    }
}
