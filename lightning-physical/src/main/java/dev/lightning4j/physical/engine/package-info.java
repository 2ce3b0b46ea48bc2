/** Local sorted engines (RocksDB) that collect encoded pairs before ingest. */
package dev.lightning4j.physical.engine;
