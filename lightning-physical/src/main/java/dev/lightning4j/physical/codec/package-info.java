/**
 * Byte-exact TiDB encodings: memcomparable primitives, comparable datum keys, row format v2, MySQL
 * binary decimals, binary JSON, collation sort keys, and record/index key layouts.
 */
package dev.lightning4j.physical.codec;
