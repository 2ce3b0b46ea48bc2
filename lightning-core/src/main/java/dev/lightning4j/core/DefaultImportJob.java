package dev.lightning4j.core;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportJob;
import dev.lightning4j.ImportResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs an {@link ImportRun} on a thread of its own. */
final class DefaultImportJob implements ImportJob {
    private final ImportRun run;
    private final CompletableFuture<ImportResult> future = new CompletableFuture<>();
    private final Thread thread;
    private volatile ImportResult finalResult;

    DefaultImportJob(ImportRun run, dev.lightning4j.ImportListener listener) {
        this.run = run;
        this.thread = new Thread(() -> {
            ImportResult result = run.execute();
            finalResult = result;
            ImportException failure = run.failure();
            try {
                listener.importFinished(result, failure);
            } catch (RuntimeException ignored) {
                // A listener's failure must not hide the import's outcome.
            }
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(result);
            }
        }, "lightning-import");
    }

    void start() {
        thread.start();
    }

    @Override
    public ImportResult await() {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImportException(ErrorCode.CANCELLED, "interrupted while waiting for the import", e);
        }
    }

    @Override
    public ImportResult await(Duration timeout) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImportException(ErrorCode.CANCELLED, "interrupted while waiting for the import", e);
        }
    }

    private static ImportException rethrow(Throwable cause) {
        if (cause instanceof ImportException ie) {
            // A fresh exception carries the caller's stack as well as the worker's cause.
            return new ImportException(ie.code(), ie.reason(), ie.file(), ie.offset(), ie.table(), ie.column(), ie);
        }
        return new ImportException(ErrorCode.INTERNAL, "unexpected failure: " + cause, cause);
    }

    @Override
    public CompletableFuture<ImportResult> future() {
        return future;
    }

    @Override
    public void cancel() {
        run.cancel();
    }

    @Override
    public boolean isDone() {
        return future.isDone();
    }

    @Override
    public ImportResult result() {
        ImportResult r = finalResult;
        return r != null ? r : run.snapshot();
    }

    @Override
    public void close() {
        if (!future.isDone()) {
            cancel();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
