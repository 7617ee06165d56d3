package zmai.fleet.energy;

import org.jboss.logging.Logger;
import zmai.core.history.HistoryFormat;
import zmai.core.history.HistoryReader;
import zmai.core.history.HistoryReading;
import zmai.core.history.LineResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One import request: the body is read line by line as it arrives, stored in batches, and every register whose
 * readings changed is accounted again before the request returns, so a report asked for afterwards reflects it.
 */
public final class ReadingImport {

    private static final Logger LOG = Logger.getLogger(ReadingImport.class);

    static final int BATCH = 20_000;
    /** Batches stored at once: the merge is CPU work in PostgreSQL, which two backends share out over the cores. */
    static final int STORERS = 2;
    /** Devices accounted at once. */
    static final int ACCOUNTANTS = 3;

    private final ReadingStore store;
    private final RegisterAccounting accounting;

    public ReadingImport(ReadingStore store, RegisterAccounting accounting) {
        this.store = Objects.requireNonNull(store, "store");
        this.accounting = Objects.requireNonNull(accounting, "accounting");
    }

    /** Imports a body; {@code by} is who sent it, as adjustments of final months record. */
    public ImportResult run(InputStream body, Optional<HistoryFormat> format, String by)
            throws IOException, SQLException {
        long started = System.nanoTime();
        List<HistoryReading> batch = new ArrayList<>(BATCH);
        List<ImportResult.LineError> errors = new ArrayList<>();
        long[] rejected = {0};
        StoreResult stored;
        try (Pipeline pipeline = new Pipeline()) {
            HistoryReader.read(new InputStreamReader(body, StandardCharsets.UTF_8), format, result -> {
                if (result instanceof LineResult.Parsed parsed) {
                    batch.add(parsed.reading());
                    if (batch.size() >= BATCH) {
                        pipeline.submit(batch);
                        batch.clear();
                    }
                } else if (result instanceof LineResult.Refused refused) {
                    rejected[0]++;
                    if (errors.size() < ImportResult.MAX_ERRORS) {
                        errors.add(new ImportResult.LineError(refused.line(), refused.message()));
                    }
                }
            });
            pipeline.submit(batch);
            stored = pipeline.finish();
        } catch (UncheckedSqlException e) {
            throw e.getCause();
        }
        long storedAt = System.nanoTime();
        int accounted = accountAll(stored.changed(),
                new Attribution(by, "readings imported (" + stored.accepted() + " new)"));
        LOG.infof("import: %d readings new, %d duplicates, %d lines refused; stored in %d ms, %d registers accounted"
                        + " in %d ms", stored.accepted(), stored.duplicates(), rejected[0],
                (storedAt - started) / 1_000_000, accounted, (System.nanoTime() - storedAt) / 1_000_000);
        return new ImportResult(stored.accepted(), stored.duplicates(), rejected[0], List.copyOf(errors));
    }

    /**
     * Accounts the changed totals, a few devices at once: each device is accounted under its own lock and in its
     * own transaction, so they do not depend on one another. Returns only when all are done; after a failure the
     * registers not yet accounted stay due for the worker.
     */
    private int accountAll(Set<ReadingKey> changed, Attribution who) throws SQLException {
        List<ReadingKey> totals = changed.stream().filter(ReadingKey::isTotal).toList();
        if (totals.isEmpty()) {
            return 0;
        }
        ExecutorService accountants = Executors.newFixedThreadPool(Math.min(ACCOUNTANTS, totals.size()),
                r -> new Thread(r, "import-account"));
        try {
            List<Future<Void>> runs = new ArrayList<>();
            for (ReadingKey key : totals) {
                runs.add(accountants.submit(() -> {
                    accounting.accountDue(key, who);
                    return null;
                }));
            }
            for (Future<Void> run : runs) {
                await(run);
            }
            return totals.size();
        } catch (UncheckedSqlException e) {
            throw e.getCause();
        } finally {
            accountants.shutdownNow();
        }
    }

    /** The outcome of a task on another thread, its database failure carried as {@link UncheckedSqlException}. */
    private static <T> T await(Future<T> task) {
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw new UncheckedSqlException(sql);
            }
            throw new IllegalStateException("importing readings failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the import was interrupted", e);
        }
    }

    /**
     * Stores batches on other threads while the next is parsed, a few at once on their own connections; the
     * store takes its row locks in key order, so batches in flight together cannot deadlock.
     */
    private final class Pipeline implements AutoCloseable {
        private final ExecutorService storers = Executors.newFixedThreadPool(STORERS,
                r -> new Thread(r, "import-store"));
        private final Deque<Future<StoreResult>> inFlight = new ArrayDeque<>();
        private StoreResult stored = StoreResult.empty();

        void submit(List<HistoryReading> batch) {
            if (batch.isEmpty()) {
                return;
            }
            while (inFlight.size() >= STORERS) {
                stored = stored.plus(await(inFlight.removeFirst()));
            }
            List<HistoryReading> copy = List.copyOf(batch);
            inFlight.addLast(storers.submit(() -> store.store(copy)));
        }

        StoreResult finish() {
            while (!inFlight.isEmpty()) {
                stored = stored.plus(await(inFlight.removeFirst()));
            }
            return stored;
        }

        @Override
        public void close() {
            storers.shutdownNow();
        }
    }

    /** Carries a database failure out of the line callback. */
    private static final class UncheckedSqlException extends RuntimeException {
        UncheckedSqlException(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }
}
