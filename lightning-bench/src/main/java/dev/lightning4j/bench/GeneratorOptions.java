package dev.lightning4j.bench;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link DumpGenerator} writes.
 *
 * @param out            the directory to write into (created when missing)
 * @param dataset        {@code sbtest} or {@code wide}
 * @param format         {@code sql} or {@code csv}
 * @param sizeMib        total size of the data files to write, in MiB
 * @param tables         number of tables; the size is shared evenly
 * @param seed           the seed every value is drawn from
 * @param fileMib        size at which a data file is closed and the next one begun
 * @param statementKib   size of one INSERT statement (SQL) or of one write block (CSV)
 */
public record GeneratorOptions(Path out, String dataset, String format, long sizeMib, int tables, long seed,
        long fileMib, int statementKib) {

    public static final String USAGE = "DumpGenerator --out DIR [--size-mib 1100] [--format sql|csv]"
            + " [--dataset sbtest|wide] [--tables 4 for sbtest, 1 for wide] [--seed 42] [--file-mib 128]"
            + " [--statement-kib 1024]";
    static final Set<String> OPTIONS = Set.of("out", "size-mib", "format", "tables", "seed", "dataset", "file-mib",
            "statement-kib");

    public GeneratorOptions {
        Objects.requireNonNull(out, "--out is required");
        Dataset.byName(dataset);
        DataFormat.byName(format);
        if (sizeMib < 0) {
            throw new IllegalArgumentException("--size-mib must be 0 or more, not " + sizeMib);
        }
        if (tables < 1) {
            throw new IllegalArgumentException("--tables must be at least 1, not " + tables);
        }
        if (fileMib < 1) {
            throw new IllegalArgumentException("--file-mib must be at least 1, not " + fileMib);
        }
        if (statementKib < 1) {
            throw new IllegalArgumentException("--statement-kib must be at least 1, not " + statementKib);
        }
    }

    /** The defaults: 1100 MiB of sbtest in 4 tables, SQL, 128 MiB files, 1 MiB statements, seed 42. */
    public static GeneratorOptions defaults(Path out) {
        return new GeneratorOptions(out, "sbtest", "sql", 1100, 4, 42, 128, 1024);
    }

    static GeneratorOptions fromArgs(BenchArgs args, Path defaultOut) {
        String out = args.get("out", defaultOut == null ? null : defaultOut.toString());
        if (out == null) {
            throw new IllegalArgumentException("--out is required\n" + USAGE);
        }
        GeneratorOptions d = defaults(Path.of(out));
        String dataset = args.get("dataset", d.dataset);
        int tables = args.getInt("tables", Dataset.byName(dataset).defaultTables());
        return new GeneratorOptions(Path.of(out), dataset, args.get("format", d.format),
                args.getLong("size-mib", d.sizeMib), tables, args.getLong("seed", d.seed),
                args.getLong("file-mib", d.fileMib), args.getInt("statement-kib", d.statementKib));
    }

    long sizeBytes() {
        return sizeMib * 1024 * 1024;
    }
}
