package dev.lightning4j.it.checkpoint;

import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportListener;
import java.nio.file.Path;

/**
 * An import run in a child JVM so that a test can kill it at any point: prints {@code STARTED} once its first
 * chunk is written, so that a kill lands while rows flow. Arguments: jdbcUrl user password sourceDir db driver pathOrSchema [loadDataMode].
 */
public final class CheckpointChild {
    private CheckpointChild() {
    }

    public static void main(String[] args) {
        ImportBuilder b = CheckpointRuns.builder(args[0], args[1], args[2], Path.of(args[3]), args[4], args[5],
                args[6]);
        if (args.length > 7) {
            b.loadData(args[7]);
        }
        b.listener(new ImportListener() {
            private final java.util.concurrent.atomic.AtomicBoolean told = new java.util.concurrent.atomic.AtomicBoolean();

            @Override
            public void chunkFinished(dev.lightning4j.TableName table, String file, long rows, long bytes) {
                if (told.compareAndSet(false, true)) {
                    System.out.println("STARTED");
                    System.out.flush();
                }
            }
        });
        long t0 = System.nanoTime();
        b.run();
        System.err.println("DONE in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        System.exit(0);
    }
}
