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

    /** Like {@link #await()} but gives up after {@code timeout}, returning null when still running. */
    ImportResult await(Duration timeout);

    /** Completes with the result, or exceptionally with the {@link ImportException}. */
    CompletableFuture<ImportResult> future();

    /**
     * Asks the import to stop: workers finish the batch they are writing and no new one starts. Rows
     * already written stay written. Returns immediately; {@link #await()} then throws with
     * {@link ErrorCode#CANCELLED}.
     */
    void cancel();

    boolean isDone();

    /** What has been done so far: the final result once the job is done, a snapshot before. */
    ImportResult result();

    /** Cancels the import if it still runs and waits for its threads to stop. */
    @Override
    void close();
}
