package dev.bridge.inbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit for the inbox: one thread drains whatever arrived meanwhile and writes it in a single
 * transaction, so every webhook is durable before it is answered and a commit is paid once per batch,
 * not once per request. Finished rows are marked through the same thread.
 */
public final class InboxWriter implements AutoCloseable {

    public enum Stored { ACCEPTED, DUPLICATE }

    private static final Logger LOG = LoggerFactory.getLogger(InboxWriter.class);
    private static final String INSERT =
            "INSERT INTO inbox (source, delivery_id, event_type, entity_key, order_key, status, attempts, received_at) "
            + "SELECT CAST(? AS VARCHAR(16)), CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(100)), CAST(? AS VARCHAR(300)), "
            // an object already linked runs in its pair's sequence
            + "COALESCE((SELECT k.order_key FROM order_keys k WHERE k.entity_key = CAST(? AS VARCHAR(300))), CAST(? AS VARCHAR(300))), "
            + "'PENDING', 0, ? WHERE NOT EXISTS (SELECT 1 FROM inbox WHERE source = ? AND delivery_id = ?)";
    private static final String PAYLOAD =
            "INSERT INTO inbox_payload (id, payload) SELECT id, ? FROM inbox WHERE source = ? AND delivery_id = ?";
    private static final String FINISH =
            "UPDATE inbox SET status = ?, outcome = ?, finished_at = ?, lease_owner = NULL, lease_until = NULL, next_attempt_at = NULL, "
            + "last_error = COALESCE(?, last_error) WHERE id = ?";
    private static final String RETRY =
            "UPDATE inbox SET lease_owner = NULL, lease_until = NULL, next_attempt_at = ?, failures = failures + 1, "
            + "retry_since = COALESCE(retry_since, ?), last_error = ? WHERE id = ?";

    /** A new delivery, or the end of one attempt: finished with a status, or back to wait until {@code retryAt}. */
    private record Op(Delivery delivery, long rowId, String status, String outcome, Timestamp retryAt, CompletableFuture<Stored> done) {
    }

    private final DataSource dataSource;
    private final DbClock clock;
    private final BlockingQueue<Op> queue;
    private final int batchMax;
    private final Runnable afterCommit;
    private final Thread thread;
    private final ExecutorService completions = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "inbox-acks");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong accepted = new AtomicLong();
    private volatile boolean running = true;

    public InboxWriter(DataSource dataSource, DbClock clock, int capacity, int batchMax, Runnable afterCommit) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchMax = batchMax;
        this.afterCommit = afterCommit;
        this.thread = new Thread(this::run, "inbox-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Completes once the delivery is committed; fails at once when the queue is full. */
    public CompletableFuture<Stored> store(Delivery delivery) {
        CompletableFuture<Stored> done = new CompletableFuture<>();
        if (!running || !queue.offer(new Op(delivery, 0, null, null, null, done))) {
            done.completeExceptionally(new InboxFull());
        }
        return done;
    }

    /** Marks a row finished (DONE, DEAD, IGNORED); it is committed with the next batch. */
    public CompletableFuture<Stored> finish(long id, String status, String outcome) {
        return enqueue(new Op(null, id, status, outcome == null ? null : truncate(outcome, 1000), null, new CompletableFuture<>()));
    }

    /** Puts a row back to wait until {@code retryAt} (database clock), releasing its lease. */
    public CompletableFuture<Stored> retryAt(long id, Timestamp retryAt, String lastError) {
        return enqueue(new Op(null, id, "PENDING", lastError == null ? null : truncate(lastError, 2000), retryAt, new CompletableFuture<>()));
    }

    private CompletableFuture<Stored> enqueue(Op op) {
        CompletableFuture<Stored> done = op.done;
        try {
            // a finish must not be dropped: wait for room rather than lose it
            while (running && !queue.offer(op, 100, TimeUnit.MILLISECONDS)) {
                // queue full of new deliveries; the writer is draining it
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return done;
    }

    public int backlog() {
        return queue.size();
    }

    /** Deliveries accepted for processing since start; the dispatcher reads the rate from it. */
    public long acceptedCount() {
        return accepted.get();
    }

    private void run() {
        List<Op> batch = new ArrayList<>(batchMax);
        while (running || !queue.isEmpty()) {
            try {
                Op first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchMax - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
    }

    /** The writer's own connection and statements, kept across batches; reopened after a failure. */
    private Connection connection;
    private PreparedStatement insert;
    private PreparedStatement payload;
    private PreparedStatement finish;
    private PreparedStatement retry;

    private void open() throws SQLException {
        if (connection == null) {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            insert = connection.prepareStatement(INSERT);
            payload = connection.prepareStatement(PAYLOAD);
            finish = connection.prepareStatement(FINISH);
            retry = connection.prepareStatement(RETRY);
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.rollback();
                connection.close();
            } catch (SQLException ignored) {
                // it is being discarded
            }
            connection = null;
        }
    }

    private void writeOnce(List<Op> batch, Stored[] results) throws SQLException {
        open();
        Timestamp now = clock.timestamp();
        for (int i = 0; i < batch.size(); i++) {
            Op op = batch.get(i);
            if (op.delivery != null) {
                Delivery d = op.delivery;
                insert.setString(1, d.source());
                insert.setString(2, d.deliveryId());
                insert.setString(3, d.eventType());
                insert.setString(4, d.entityKey());
                insert.setString(5, d.entityKey());
                insert.setString(6, d.orderKey() != null ? d.orderKey() : d.entityKey());
                insert.setTimestamp(7, now);
                insert.setString(8, d.source());
                insert.setString(9, d.deliveryId());
                boolean inserted = insert.executeUpdate() == 1;
                if (inserted) {
                    payload.setString(1, d.payload());
                    payload.setString(2, d.source());
                    payload.setString(3, d.deliveryId());
                    payload.executeUpdate();
                }
                results[i] = inserted ? Stored.ACCEPTED : Stored.DUPLICATE;
            } else if (op.retryAt != null) {
                retry.setTimestamp(1, op.retryAt);
                retry.setTimestamp(2, now);
                retry.setString(3, op.outcome);
                retry.setLong(4, op.rowId);
                retry.executeUpdate();
                results[i] = Stored.ACCEPTED;
            } else {
                finish.setString(1, op.status);
                finish.setString(2, op.outcome);
                finish.setTimestamp(3, now);
                finish.setString(4, "DEAD".equals(op.status) ? op.outcome : null);
                finish.setLong(5, op.rowId);
                finish.executeUpdate();
                results[i] = Stored.ACCEPTED;
            }
        }
        connection.commit();
    }

    /** Deadlock or serialization failure: the database rolled this transaction back and a new try may pass. */
    private static boolean isTransactionConflict(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.equals("40001") || state.equals("40P01"));
    }

    private void write(List<Op> batch) {
        Stored[] results = new Stored[batch.size()];
        try {
            try {
                writeOnce(batch, results);
            } catch (SQLException e) {
                if (!isTransactionConflict(e)) {
                    throw e;
                }
                // a deadlock with a claim (H2 and PostgreSQL roll one side back): the batch is whole again, try it once more
                closeConnection();
                writeOnce(batch, results);
            }
        } catch (SQLException | RuntimeException e) {
            // the thread lives on: this batch fails (senders get 429 and retry), the next one is tried afresh
            LOG.warn("Inbox write of {} operations failed, senders get 429 and retry: {}", batch.size(), e.getMessage());
            closeConnection();
            List<Op> failed = List.copyOf(batch);
            completions.execute(() -> failed.forEach(op -> op.done.completeExceptionally(new InboxFull(e))));
            return;
        }
        boolean newWork = false;
        for (int i = 0; i < batch.size(); i++) {
            Op op = batch.get(i);
            newWork |= op.delivery == null || results[i] == Stored.ACCEPTED;
            if (results[i] == Stored.ACCEPTED && op.delivery != null) {
                accepted.incrementAndGet();
            }
        }
        // answering runs Camel's completion work: keep it off this thread so the next commit starts at once
        List<Op> done = List.copyOf(batch);
        completions.execute(() -> {
            for (int i = 0; i < done.size(); i++) {
                done.get(i).done.complete(results[i]);
            }
        });
        if (newWork) {
            afterCommit.run();
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
        closeConnection();
        completions.shutdown();
        completions.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** The inbox cannot take the event now (queue full or database failing). */
    public static final class InboxFull extends RuntimeException {
        InboxFull() {
            super("the inbox queue is full", null, false, false);
        }

        InboxFull(Throwable cause) {
            super("the inbox database is not taking writes", cause, false, false);
        }
    }
}
