package dev.lightning4j.spi;

import javax.sql.DataSource;

/**
 * What a checkpoint store may use.
 *
 * @param path   the file of a file store ({@code checkpoint.dsn} of a file driver)
 * @param schema the schema of a store on the target ({@code checkpoint.schema})
 * @param target SQL access to the target; the same server the rows go to
 */
public record CheckpointContext(String path, String schema, DataSource target) {
}
