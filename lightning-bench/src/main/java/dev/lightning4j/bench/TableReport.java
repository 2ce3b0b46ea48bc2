package dev.lightning4j.bench;

/**
 * What was written for one table.
 *
 * @param table the table name
 * @param files data files written
 * @param bytes bytes of the data files
 * @param rows  rows written
 */
public record TableReport(String table, int files, long bytes, long rows) {
}
