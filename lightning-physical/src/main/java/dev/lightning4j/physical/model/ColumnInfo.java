package dev.lightning4j.physical.model;

import java.util.Objects;

/**
 * One column of a target table.
 *
 * @param id               the column ID TiDB assigned (information_schema / SHOW CREATE TABLE cannot tell
 *                         it; it comes from the table's schema metadata)
 * @param name             column name
 * @param offset           position in the table (0-based)
 * @param type             its type
 * @param notNull          NOT NULL
 * @param primaryKey       part of the primary key
 * @param defaultValue     the column's DEFAULT as SQL text without quotes ({@code 0}, {@code abc},
 *                         {@code CURRENT_TIMESTAMP}), or null when it has none or DEFAULT NULL; NULLs of
 *                         columns without one are left out of the row value, as TiDB does
 * @param virtualGenerated a virtual generated column: never stored
 * @param autoIncrement    AUTO_INCREMENT: a NULL (or absent) value takes the row's ID, as TiDB Lightning does
 * @param autoRandom       the AUTO_RANDOM column of the table: a NULL (or absent) value takes a value composed of
 *                         shard bits and the row's ID (see {@link ShardIdFormat})
 */
public record ColumnInfo(long id, String name, int offset, FieldType type, boolean notNull, boolean primaryKey,
                         String defaultValue, boolean virtualGenerated, boolean autoIncrement, boolean autoRandom) {
    public ColumnInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (id <= 0) {
            throw new IllegalArgumentException("column " + name + " has no ID");
        }
    }

    /** A column that is not AUTO_RANDOM. */
    public ColumnInfo(long id, String name, int offset, FieldType type, boolean notNull, boolean primaryKey,
                      String defaultValue, boolean virtualGenerated, boolean autoIncrement) {
        this(id, name, offset, type, notNull, primaryKey, defaultValue, virtualGenerated, autoIncrement, false);
    }

    /** Whether a NULL or absent value is filled by the encoder (AUTO_INCREMENT or AUTO_RANDOM). */
    public boolean autoFilled() {
        return autoIncrement || autoRandom;
    }

    /** The same column marked AUTO_RANDOM. */
    public ColumnInfo withAutoRandom() {
        return new ColumnInfo(id, name, offset, type, notNull, primaryKey, defaultValue, virtualGenerated,
                autoIncrement, true);
    }

    /** A column that is not AUTO_INCREMENT. */
    public ColumnInfo(long id, String name, int offset, FieldType type, boolean notNull, boolean primaryKey,
                      String defaultValue, boolean virtualGenerated) {
        this(id, name, offset, type, notNull, primaryKey, defaultValue, virtualGenerated, false);
    }

    /** Whether the column has a non-NULL default. */
    public boolean hasDefault() {
        return defaultValue != null;
    }

    /** A plain nullable column without default. */
    public static ColumnInfo of(long id, String name, int offset, FieldType type) {
        return new ColumnInfo(id, name, offset, type, false, false, null, false);
    }
}
