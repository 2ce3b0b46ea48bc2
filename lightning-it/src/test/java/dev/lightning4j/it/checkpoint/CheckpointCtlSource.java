package dev.lightning4j.it.checkpoint;

import dev.lightning4j.it.DumpFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A table {@code good} and a table {@code bad} whose row {@link #BAD_ROW} does not fit its column. */
public final class CheckpointCtlSource {
    public static final int ROWS = 200;
    public static final int BAD_ROW = 120;

    private CheckpointCtlSource() {
    }

    public static void write(Path dir, String db) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DumpFile.schemaCreate(dir, db);
        for (String t : new String[] {"good", "bad"}) {
            DumpFile.schema(dir, db, t, "CREATE TABLE `" + t + "` (`id` int NOT NULL, `a` varchar(8), PRIMARY KEY"
                    + " (`id`)) ENGINE=InnoDB;");
            String[] tuples = new String[ROWS];
            for (int i = 0; i < ROWS; i++) {
                tuples[i] = "(" + i + ",'" + (t.equals("bad") && i == BAD_ROW ? "far too long" : "v" + i) + "')";
            }
            new DumpFile().text(DumpFile.DUMPLING_HEADER).insert(t, null, tuples).writeTo(dir, db + "." + t
                    + ".000000000.sql");
        }
    }
}
