package zmai.fleet.energy;

import zmai.core.history.HistoryFormat;
import zmai.core.history.HistoryReader;
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

/**
 * One import request: the body is read line by line as it arrives, stored in batches, and every register whose
 * readings changed is accounted again before the request returns, so a report asked for afterwards reflects it.
 */
public final class ReadingImport {

    static final int BATCH = 20_000;

    private final ReadingStore store;
    private final RegisterAccounting accounting;

    public ReadingImport(ReadingStore store, RegisterAccounting accounting) {
        this.store = Objects.requireNonNull(store, "store");
        this.accounting = Objects.requireNonNull(accounting, "accounting");
    }

    public ImportResult run(InputStream body, Optional<HistoryFormat> format) throws IOException, SQLException {
        List<ReadingStore.Incoming> batch = new ArrayList<>(BATCH);
        List<ImportResult.LineError> errors = new ArrayList<>();
        long[] rejected = {0};
        StoreResult[] stored = {StoreResult.empty()};
        try {
            HistoryReader.read(new InputStreamReader(body, StandardCharsets.UTF_8), format, result -> {
                if (result instanceof LineResult.Parsed parsed) {
                    var r = parsed.reading();
                    batch.add(new ReadingStore.Incoming(r.device(), r.register(), r.unit(), r.reading()));
                    if (batch.size() >= BATCH) {
                        stored[0] = stored[0].plus(storeBatch(batch));
                    }
                } else if (result instanceof LineResult.Refused refused) {
                    rejected[0]++;
                    if (errors.size() < ImportResult.MAX_ERRORS) {
                        errors.add(new ImportResult.LineError(refused.line(), refused.message()));
                    }
                }
            });
        } catch (UncheckedSqlException e) {
            throw e.getCause();
        }
        stored[0] = stored[0].plus(storeBatch(batch));
        for (ReadingKey changed : stored[0].changedFrom().keySet()) {
            if (changed.isTotal()) {
                accounting.accountDue(changed);
            }
        }
        return new ImportResult(stored[0].accepted(), stored[0].duplicates(), rejected[0], List.copyOf(errors));
    }

    private StoreResult storeBatch(List<ReadingStore.Incoming> batch) {
        try {
            StoreResult result = store.store(batch);
            batch.clear();
            return result;
        } catch (SQLException e) {
            throw new UncheckedSqlException(e);
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
