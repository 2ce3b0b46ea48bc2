/** TiDB's table checksum (CRC-64/XZ XOR, pair count, bytes), computed locally. */
package dev.lightning4j.physical.checksum;
