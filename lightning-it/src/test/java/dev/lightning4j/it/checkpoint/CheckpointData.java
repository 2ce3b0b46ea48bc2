package dev.lightning4j.it.checkpoint;

import dev.lightning4j.it.DumpFile;
import dev.lightning4j.it.ItDb;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A small export whose resume has every trap: a keyed table of many files whose INSERTs name their columns
 * in another order than the table (a resume inside a statement must keep that list), a table without a
 * key (a row written twice shows), a gzip file (resumed by skipping rows) and a CSV table whose header
 * orders the columns differently.
 */
final class CheckpointData {
    static final List<String> TABLES = List.of("keyed", "nokey", "csvt");
    static final int KEYED_FILES = 10;
    static final int STATEMENTS_PER_FILE = 4;
    static final int ROWS_PER_STATEMENT = 150;
    static final int NOKEY_FILES = 5;
    static final int CSV_FILES = 4;
    static final int CSV_ROWS = 900;

    private CheckpointData() {
    }

    static void write(Path dir, String db) {
        DumpFile.schemaCreate(dir, db);
        DumpFile.schema(dir, db, "keyed", "CREATE TABLE `keyed` (`id` int NOT NULL, `a` varchar(40), `b` int,"
                + " PRIMARY KEY (`id`)) ENGINE=InnoDB;");
        DumpFile.schema(dir, db, "nokey", "CREATE TABLE `nokey` (`id` int NOT NULL, `a` varchar(40), `b` int)"
                + " ENGINE=InnoDB;");
        DumpFile.schema(dir, db, "csvt", "CREATE TABLE `csvt` (`id` int NOT NULL, `a` varchar(40), `b` int,"
                + " PRIMARY KEY (`id`)) ENGINE=InnoDB;");
        for (int f = 0; f < KEYED_FILES; f++) {
            sqlFile(db, "keyed", f, f * 10_000).writeTo(dir, db + ".keyed." + String.format("%09d", f) + ".sql");
        }
        for (int f = 0; f < NOKEY_FILES; f++) {
            DumpFile file = sqlFile(db, "nokey", f, f * 10_000);
            String name = db + ".nokey." + String.format("%09d", f) + ".sql";
            if (f == NOKEY_FILES - 1) {
                gzip(dir.resolve(name + ".gz"), file.bytes());
            } else {
                file.writeTo(dir, name);
            }
        }
        for (int f = 0; f < CSV_FILES; f++) {
            StringBuilder csv = new StringBuilder("b,a,id\n");
            for (int r = 0; r < CSV_ROWS; r++) {
                int id = f * 10_000 + r;
                csv.append(id % 31).append(",\"csv ").append(id).append(", quoted\"").append(',').append(id)
                        .append('\n');
            }
            DumpFile.write(dir, db + ".csvt." + String.format("%09d", f) + ".csv", csv.toString());
        }
    }

    /** Statements naming columns as (b, id, a): values land right only if the resume keeps the list. */
    static DumpFile sqlFile(String db, String table, int file, int firstId) {
        DumpFile d = new DumpFile().text(DumpFile.DUMPLING_HEADER);
        int id = firstId;
        for (int s = 0; s < STATEMENTS_PER_FILE; s++) {
            String[] tuples = new String[ROWS_PER_STATEMENT];
            for (int r = 0; r < ROWS_PER_STATEMENT; r++, id++) {
                tuples[r] = "(" + (id % 97) + "," + id + ",'" + table + " row " + id + "')";
            }
            d.insert(table, "`b`,`id`,`a`", tuples);
        }
        return d;
    }

    private static void gzip(Path target, byte[] data) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(data);
            }
            Files.write(target, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long expectedRows(String table) {
        return switch (table) {
            case "keyed" -> (long) KEYED_FILES * STATEMENTS_PER_FILE * ROWS_PER_STATEMENT;
            case "nokey" -> (long) NOKEY_FILES * STATEMENTS_PER_FILE * ROWS_PER_STATEMENT;
            default -> (long) CSV_FILES * CSV_ROWS;
        };
    }

    /** Count and CHECKSUM TABLE of each table. */
    /**
     * Imports the test data into a new database named from {@code prefix} without checkpoints (through
     * {@code settings}) and returns its fingerprint, after checking every table holds its expected rows: the
     * reference a resumed import must equal.
     */
    static Map<String, List<Long>> reference(Path dir, String prefix,
            java.util.function.UnaryOperator<dev.lightning4j.ImportBuilder> settings) {
        String db = ItDb.SERVER.createDatabase(prefix);
        write(dir, db);
        settings.apply(ItDb.importer(dir, db)).run();
        Map<String, List<Long>> reference = fingerprint(db);
        for (String t : TABLES) {
            org.assertj.core.api.Assertions.assertThat(reference.get(t).get(0)).as(t).isEqualTo(expectedRows(t));
        }
        return reference;
    }

    static Map<String, List<Long>> fingerprint(String db) {
        Map<String, List<Long>> m = new LinkedHashMap<>();
        for (String t : TABLES) {
            String q = "`" + db + "`.`" + t + "`";
            m.put(t, List.of(ItDb.count(q), ItDb.checksum(q)));
        }
        return m;
    }

    /** The same fingerprint read over {@code c}, for tests that run against a private server. */
    static Map<String, List<Long>> fingerprint(java.sql.Connection c, String db) throws java.sql.SQLException {
        Map<String, List<Long>> m = new LinkedHashMap<>();
        try (java.sql.Statement s = c.createStatement()) {
            for (String t : TABLES) {
                String q = "`" + db + "`.`" + t + "`";
                long count;
                try (java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + q)) {
                    rs.next();
                    count = rs.getLong(1);
                }
                try (java.sql.ResultSet rs = s.executeQuery("CHECKSUM TABLE " + q)) {
                    rs.next();
                    m.put(t, List.of(count, rs.getLong(2)));
                }
            }
        }
        return m;
    }
}
