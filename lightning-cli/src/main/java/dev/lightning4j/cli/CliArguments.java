package dev.lightning4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line flags with TiDB Lightning's names where Lightning has them. Each flag is declared once
 * here, with its help text; {@code --flag value} and {@code --flag=value} are both accepted.
 */
final class CliArguments {
    /** A declared flag. */
    record Flag(String name, String shortName, boolean takesValue, boolean repeatable, String help) {
    }

    static final List<Flag> FLAGS = List.of(
            new Flag("--config", "-c", true, false, "tidb-lightning.toml to read; flags given here override it"),
            new Flag("--data-source-dir", "-d", true, false, "source directory or URL of the export (required)"),
            new Flag("--backend", null, true, false, "logical (alias tidb) or physical (alias local); default logical"),
            new Flag("--tidb-host", null, true, false, "target host; default 127.0.0.1"),
            new Flag("--tidb-port", null, true, false, "target port; default 4000"),
            new Flag("--tidb-user", "-u", true, false, "target user; default root"),
            new Flag("--tidb-password", "-p", true, false,
                    "target password; default empty, or the LIGHTNING_TIDB_PASSWORD environment variable"),
            new Flag("--target-url", null, true, false, "JDBC URL of the target instead of host and port"),
            new Flag("--filter", "-f", true, true, "table filter rule, repeatable (db.tbl, *, ?, !db.tbl, /re/.tbl)"),
            new Flag("--on-duplicate", null, true, false, "error, replace or ignore; default error"),
            new Flag("--max-error", null, true, false, "rows that may be rejected before the import fails; default 0"),
            new Flag("--concurrency", null, true, false, "chunk workers writing at once; default the processor count"),
            new Flag("--region-concurrency", null, true, false, "same as --concurrency"),
            new Flag("--table-concurrency", null, true, false, "tables imported at once; default 6"),
            new Flag("--no-schema", null, false, false, "do not run schema files: every table must exist"),
            new Flag("--batch-bytes", null, true, false, "upper bound of one INSERT in bytes; default 98304"),
            new Flag("--batch-rows", null, true, false, "upper bound of rows in one INSERT; default 65536"),
            new Flag("--load-data", null, true, false,
                    "auto (default), on or off: stream rows with LOAD DATA LOCAL INFILE"),
            new Flag("--pd-urls", null, true, false, "PD address host:port (physical backend)"),
            new Flag("--status-port", null, true, false, "TiDB status port for table metadata (physical); default 10080"),
            new Flag("--sorted-kv-dir", null, true, false, "directory for the physical backend's sorted engines"),
            new Flag("--disk-quota", null, true, false, "soft size limit of --sorted-kv-dir (physical)"),
            new Flag("--region-split-size", null, true, false, "size of ingested regions (physical); default 96MiB"),
            new Flag("--range-concurrency", null, true, false, "region jobs ingested at once (physical); default 16"),
            new Flag("--checksum", null, true, false, "required (default), optional or off (physical)"),
            new Flag("--analyze", null, true, false, "required, optional (default) or off (physical)"),
            new Flag("--strict-format", null, true, false,
                    "true: quoted values hold no line breaks, so large CSV/SQL files are cut into chunks"),
            new Flag("--max-region-size", null, true, false, "chunk size when cutting large files; default 256MiB"),
            new Flag("--data-character-set", null, true, false,
                    "binary (default), utf8mb4, gbk, gb18030, latin1 or ascii"),
            new Flag("--data-invalid-char-replace", null, true, false, "replacement of invalid bytes; default U+FFFD"),
            new Flag("--character-set", null, true, false, "character set of schema files; default auto"),
            new Flag("--sql-mode", null, true, false, "session sql_mode while writing"),
            new Flag("--time-zone", null, true, false, "session time_zone while writing; default +00:00"),
            new Flag("--csv-separator", null, true, false, "CSV field separator; default ,"),
            new Flag("--csv-delimiter", null, true, false, "CSV quote; empty for none; default \""),
            new Flag("--csv-terminator", null, true, false, "CSV line terminator; default \\n or \\r\\n"),
            new Flag("--csv-header", null, true, false, "true or false: files start with a header; default true"),
            new Flag("--csv-null", null, true, false, "text meaning NULL, repeatable; default \\N"),
            new Flag("--csv-backslash-escape", null, true, false, "true or false; default true"),
            new Flag("--csv-not-null", null, true, false, "true or false: no field is NULL; default false"),
            new Flag("--check-only", null, false, false, "run the pre-checks alone and report; change nothing"),
            new Flag("--dry-run", null, false, false, "same as --check-only"),
            new Flag("--check-requirements", null, true, false,
                    "true or false: run the pre-checks before importing; default true"),
            new Flag("--task-info-schema-name", null, true, false,
                    "schema recording rejected rows; empty for none; default lightning_task_info"),
            new Flag("--tls", null, true, false, "off, preferred, required, verify-ca or verify-full; default off"),
            new Flag("--tls-ca", null, true, false, "PEM file of the CA that signed the server certificate"),
            new Flag("--checkpoint", null, true, false,
                    "true or false: record progress so a restarted import resumes; default false"),
            new Flag("--checkpoint-driver", null, true, false, "file or mysql (tables on the target); default file"),
            new Flag("--checkpoint-path", null, true, false, "file of the file driver; default in the temp directory"),
            new Flag("--checkpoint-schema", null, true, false, "schema of the mysql driver; default lightning_checkpoints"),
            new Flag("--checkpoint-keep-after-success", null, true, false, "remove, rename or origin; default remove"),
            new Flag("--checkpoint-dump", null, false, false, "print the checkpoints and exit"),
            new Flag("--checkpoint-error-destroy", null, true, false,
                    "db.tbl or all: drop failed tables and their checkpoints, then exit"),
            new Flag("--checkpoint-error-ignore", null, true, false,
                    "db.tbl or all: clear failures so the next run retries from the checkpoint, then exit"),
            new Flag("--checkpoint-remove", null, true, false, "db.tbl or all: remove checkpoints, then exit"),
            new Flag("--quiet", "-q", false, false, "print only the summary"),
            new Flag("--progress", null, true, false,
                    "bar (live bar on a terminal), log (periodic lines) or auto; default auto"),
            new Flag("--progress-interval", null, true, false, "seconds between progress log lines; default 5"),
            new Flag("--debug", null, false, false, "print stack traces of failures"),
            new Flag("--help", "-h", false, false, "print this help"),
            new Flag("--version", "-V", false, false, "print the version"));

    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private CliArguments() {
    }

    static CliArguments parse(String[] args) {
        CliArguments a = new CliArguments();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                inline = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            Flag flag = find(arg);
            if (flag == null) {
                throw new IllegalArgumentException("unknown flag " + arg + "; see --help");
            }
            String value = "";
            if (flag.takesValue()) {
                if (inline != null) {
                    value = inline;
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException(flag.name() + " needs a value");
                }
            } else if (inline != null) {
                throw new IllegalArgumentException(flag.name() + " takes no value");
            }
            List<String> list = a.values.computeIfAbsent(flag.name(), k -> new ArrayList<>());
            if (!flag.repeatable() && !list.isEmpty()) {
                throw new IllegalArgumentException(flag.name() + " is given twice");
            }
            list.add(value);
        }
        return a;
    }

    private static Flag find(String arg) {
        for (Flag f : FLAGS) {
            if (f.name().equals(arg) || arg.equals(f.shortName())) {
                return f;
            }
        }
        return null;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String get(String name, String defaultValue) {
        List<String> v = values.get(name);
        return v == null ? defaultValue : v.get(0);
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    int intValue(String name, int defaultValue) {
        String v = get(name, null);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + v + "'");
        }
    }

    long longValue(String name, long defaultValue) {
        String v = get(name, null);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + v + "'");
        }
    }

    Boolean boolValue(String name) {
        String v = get(name, null);
        if (v == null) {
            return null;
        }
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, not '" + v + "'");
        };
    }

    static String help() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: lightning -d <export dir or URL> [--tidb-host H --tidb-port P --tidb-user U --tidb-password P]"
                + " [options]\n\nImports a Dumpling / mydumper export (SQL or CSV files) into TiDB, MySQL or MariaDB.\n\n");
        for (Flag f : FLAGS) {
            String names = (f.shortName() != null ? f.shortName() + ", " : "    ") + f.name()
                    + (f.takesValue() ? " <value>" : "");
            sb.append(String.format("  %-34s %s%n", names, f.help()));
        }
        sb.append("\nExit status: 0 when every table was imported within max-error, 1 when the import failed,"
                + " 2 for bad flags.\n");
        return sb.toString();
    }
}
