package dev.lightning4j;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A running import. It runs on threads of its own; the caller may wait, poll or cancel. */
public interface ImportJob extends AutoCloseable {

    /**
     * Waits for the import to end.
     *
     * @return the result when every table was imported within the error budget
     * @throws ImportException when the import failed or was cancelled; {@link #result()} still tells what was done
     */
    ImportResult await();

    /**
     * Like {@link #await()} but gives up after {@code timeout}; the import goes on running then.
     *
     * @param timeout how long to wait at most
     * @return the result, or null when the import is still running after {@code timeout}
     * @throws ImportException when the import failed or was cancelled
     */
    ImportResult await(Duration timeout);

    /**
     * The import's end as a future, for asynchronous callers.
     *
     * @return a future completed with the result, or exceptionally with the {@link ImportException}; do not
     *         complete or cancel it yourself, which would not stop the import: use {@link #cancel()}
     */
    CompletableFuture<ImportResult> future();

    /**
     * Asks the import to stop: workers finish the batch they are writing and no new one starts. Rows
     * already written stay written. Returns immediately; {@link #await()} then throws with
     * {@link ErrorCode#CANCELLED}.
     */
    void cancel();

    /**
     * Whether the import has ended, successfully or not.
     *
     * @return true once {@link #await()} would return or throw without waiting
     */
    boolean isDone();

    /**
     * What has been done so far; never blocks.
     *
     * @return the final result once the job is done, a snapshot of finished tables and counts before
     */
    ImportResult result();

    /** Cancels the import if it still runs and waits for its threads to stop. */
    @Override
    void close();
}
