package dev.lightning4j.logical;

import dev.lightning4j.ImportConfig;
import dev.lightning4j.spi.ChunkWriter;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.RowErrorSink;
import dev.lightning4j.spi.TableImporter;
import dev.lightning4j.spi.TargetTable;

/** Opens writers for the chunks of one table. */
final class LogicalTableImporter implements TableImporter {
    private final TargetTable table;
    private final ImportConfig config;
    private final Connections connections;
    private final SqlValues values;
    private final int maxRows;

    LogicalTableImporter(TargetTable table, ImportConfig config, Connections connections, SqlValues values,
            boolean transactional) {
        this.table = table;
        this.config = config;
        this.connections = connections;
        this.values = values;
        // On a table that cannot roll a statement back, a failed multi-row statement may have written some
        // of its rows; one row per statement keeps every row written once and every error on its own row.
        this.maxRows = transactional ? config.batchRows() : 1;
    }

    @Override
    public ChunkWriter openChunk(DataChunk chunk, RowErrorSink errors) {
        return new LogicalChunkWriter(table.name(), config.conflictStrategy(), values, config.batchBytes(), maxRows,
                new BatchExecutor(connections, chunk), errors);
    }

    int maxRows() {
        return maxRows;
    }
}
