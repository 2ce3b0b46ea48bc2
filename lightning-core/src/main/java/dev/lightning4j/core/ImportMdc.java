package dev.lightning4j.core;

import dev.lightning4j.TableName;
import java.util.UUID;
import org.slf4j.MDC;

/**
 * The SLF4J MDC keys an import sets on its threads, so that a logging back end can show or route every line by
 * import and table ({@code %X{lightning.import}} in a Logback pattern, or a JSON field).
 */
public final class ImportMdc {
    /** MDC key of the import's id, set on every thread of the import. */
    public static final String IMPORT_ID = "lightning.import";
    /** MDC key of the table ({@code db.tbl}) a worker is writing, set while it works on that table. */
    public static final String TABLE = "lightning.table";

    private ImportMdc() {
    }

    static String newImportId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static void set(String key, String value) {
        MDC.put(key, value);
    }

    static void remove(String key) {
        MDC.remove(key);
    }

    /** Runs {@code task} with the import id in the MDC for the whole life of a pool thread. */
    static Runnable forImport(String importId, Runnable task) {
        return () -> {
            MDC.put(IMPORT_ID, importId);
            try {
                task.run();
            } finally {
                MDC.remove(IMPORT_ID);
            }
        };
    }

    /** Runs {@code task} with the table in the MDC; pool threads are reused, so it is removed afterwards. */
    static Runnable forTable(TableName table, Runnable task) {
        return () -> {
            String previous = MDC.get(TABLE);
            MDC.put(TABLE, table.toString());
            try {
                task.run();
            } finally {
                if (previous == null) {
                    MDC.remove(TABLE);
                } else {
                    MDC.put(TABLE, previous);
                }
            }
        };
    }
}
