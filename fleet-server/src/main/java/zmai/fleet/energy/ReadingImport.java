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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
        int accounted = 0;
        Attribution who = new Attribution(by, "readings imported (" + stored.accepted() + " new)");
        for (ReadingKey changed : stored.changed()) {
            if (changed.isTotal()) {
                accounting.accountDue(changed, who);
                accounted++;
            }
        }
        LOG.infof("import: %d readings new, %d duplicates, %d lines refused; stored in %d ms, %d registers accounted"
                        + " in %d ms", stored.accepted(), stored.duplicates(), rejected[0],
                (storedAt - started) / 1_000_000, accounted, (System.nanoTime() - storedAt) / 1_000_000);
        return new ImportResult(stored.accepted(), stored.duplicates(), rejected[0], List.copyOf(errors));
    }

    /** Stores one batch on a second thread while the next is parsed; at most one batch is in flight. */
    private final class Pipeline implements AutoCloseable {
        private final ExecutorService storer = Executors.newSingleThreadExecutor(r -> new Thread(r, "import-store"));
        private Future<StoreResult> inFlight = CompletableFuture.completedFuture(StoreResult.empty());
        private StoreResult stored = StoreResult.empty();

        void submit(List<HistoryReading> batch) {
            collect();
            List<HistoryReading> copy = List.copyOf(batch);
            inFlight = storer.submit(() -> store.store(copy));
        }

        StoreResult finish() {
            collect();
            return stored;
        }

        private void collect() {
            try {
                stored = stored.plus(inFlight.get());
                inFlight = CompletableFuture.completedFuture(StoreResult.empty());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof SQLException sql) {
                    throw new UncheckedSqlException(sql);
                }
                throw new IllegalStateException("storing readings failed: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the import was interrupted", e);
            }
        }

        @Override
        public void close() {
            storer.shutdownNow();
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
