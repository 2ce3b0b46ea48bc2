package dev.lightning4j.bench;

import java.time.Duration;
import java.util.List;

/**
 * What {@link DumpGenerator} wrote.
 *
 * @param options  the options it ran with
 * @param database the database of the tables
 * @param tables   per table: files, bytes, rows
 * @param duration wall time of the generation
 */
public record GenerationReport(GeneratorOptions options, String database, List<TableReport> tables,
        Duration duration) {
    public GenerationReport {
        tables = List.copyOf(tables);
    }

    public long rows() {
        return tables.stream().mapToLong(TableReport::rows).sum();
    }

    /** Bytes of the data files (schema files are not counted). */
    public long bytes() {
        return tables.stream().mapToLong(TableReport::bytes).sum();
    }

    public int files() {
        return tables.stream().mapToInt(TableReport::files).sum();
    }

    /** A few lines for a terminal. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        double secs = duration.toMillis() / 1000.0;
        sb.append(String.format("wrote %s: dataset=%s format=%s seed=%d database=%s%n", options.out(),
                options.dataset(), options.format(), options.seed(), database));
        for (TableReport t : tables) {
            sb.append(String.format("  %-12s files=%-3d bytes=%,d rows=%,d%n", t.table(), t.files(), t.bytes(),
                    t.rows()));
        }
        sb.append(String.format("  total        files=%-3d bytes=%,d (%.1f MiB) rows=%,d in %.1f s (%.0f MiB/s)%n",
                files(), bytes(), bytes() / 1048576.0, rows(), secs,
                secs > 0 ? bytes() / 1048576.0 / secs : 0.0));
        return sb.toString();
    }
}
