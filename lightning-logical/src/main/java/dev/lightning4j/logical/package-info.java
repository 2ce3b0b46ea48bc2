/**
 * The logical backend: rows become multi-row {@code INSERT}, {@code REPLACE} or {@code INSERT IGNORE}
 * statements sent over JDBC, as TiDB Lightning's {@code tidb} backend does.
 *
 * <p>Assumptions and limits, stated once:
 * <ul>
 * <li>Each statement runs in autocommit and is atomic on a transactional engine (InnoDB, TiDB): when it fails
 *     it wrote nothing, so retrying it or splitting it to find bad rows never writes a row twice. Tables on
 *     other engines (MyISAM, Aria, MEMORY) are written one row per statement for the same guarantee.</li>
 * <li>A connection lost after the server committed but before the answer arrived cannot be told apart from
 *     one lost before; the batch is then retried. With a primary or unique key the repeat is a duplicate
 *     (reported under {@code error}, harmless under {@code replace} and {@code ignore}); a table without
 *     one could get the batch twice.</li>
 * <li>Under {@code ignore} the server turns value errors into warnings and stores adjusted values (MySQL's
 *     INSERT IGNORE rule), so such rows are not reported.</li>
 * </ul>
 */
package dev.lightning4j.logical;
