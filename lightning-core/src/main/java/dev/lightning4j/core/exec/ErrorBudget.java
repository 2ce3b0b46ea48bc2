package dev.lightning4j.core.exec;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportListener;
import dev.lightning4j.ImportResult;
import dev.lightning4j.RecordedErrors;
import dev.lightning4j.RowError;
import dev.lightning4j.core.errors.ErrorRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Counts rejected rows across the whole import against {@code max-error} and keeps the first ones for the result. */
public final class ErrorBudget {
    private final long maxErrors;
    private final ImportListener listener;
    private final AtomicLong rejected = new AtomicLong();
    private final List<RowError> kept = new ArrayList<>();
    private volatile ErrorRecorder recorder;

    public ErrorBudget(long maxErrors, ImportListener listener) {
        this.maxErrors = maxErrors;
        this.listener = listener;
    }

    /** From now on every rejected row is also written to the target's task-info tables. */
    public void recordTo(ErrorRecorder recorder) {
        this.recorder = recorder;
    }

    /**
     * Records a rejected row.
     *
     * @throws ImportException TOO_MANY_ERRORS once more rows were rejected than allowed
     */
    public void reject(RowError error) {
        long n = rejected.incrementAndGet();
        synchronized (kept) {
            if (kept.size() < ImportResult.MAX_RECORDED_ERRORS) {
                kept.add(error);
            }
        }
        ErrorRecorder r = recorder;
        if (r != null) {
            r.record(error);
        }
        listener.rowSkipped(error);
        if (n > maxErrors) {
            throw new ImportException(ErrorCode.TOO_MANY_ERRORS, "more rows were rejected than max-error=" + maxErrors
                    + " allows; the last: " + error.kind() + " error: " + error.reason()
                    + (error.row() == null ? "" : " row " + error.row())
                    + ". Fix the data, or raise max-error to skip such rows"
                    + (r == null ? "" : "; the " + n + " rejected rows are recorded in " + r.schema() + "."
                    + RecordedErrors.TYPE_ERROR_TABLE + " and " + r.schema() + "." + RecordedErrors.CONFLICT_TABLE
                    + " where task_id = " + r.taskId()), error.file(), error.offset(),
                    error.table().toString(), null, null);
        }
    }

    public long rejected() {
        return rejected.get();
    }

    public List<RowError> kept() {
        synchronized (kept) {
            return List.copyOf(kept);
        }
    }
}
