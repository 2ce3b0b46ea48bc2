package dev.lightning4j.it.checkpoint;

import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportListener;
import java.nio.file.Path;

/**
 * An import run in a child JVM so that a test can kill it at any point: prints {@code STARTED} when rows
 * start to flow. Arguments: jdbcUrl user password sourceDir db driver pathOrSchema.
 */
public final class CheckpointChild {
    private CheckpointChild() {
    }

    public static void main(String[] args) {
        ImportBuilder b = CheckpointRuns.builder(args[0], args[1], args[2], Path.of(args[3]), args[4], args[5],
                args[6]);
        b.listener(new ImportListener() {
            @Override
            public void importStarted(int tables, int chunks, long bytes) {
                System.out.println("STARTED");
                System.out.flush();
            }
        });
        b.run();
        System.out.println("DONE");
        System.exit(0);
    }
}
