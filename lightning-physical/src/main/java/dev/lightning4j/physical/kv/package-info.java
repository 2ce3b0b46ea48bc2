/** Rows to the record and index key-value pairs TiDB would write. */
package dev.lightning4j.physical.kv;
