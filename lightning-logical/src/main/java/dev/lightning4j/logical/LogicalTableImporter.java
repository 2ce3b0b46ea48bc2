package dev.lightning4j.logical;

import dev.lightning4j.ImportConfig;
import dev.lightning4j.spi.ChunkProgress;
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
    private final boolean transactional;
    private final boolean loadData;

    LogicalTableImporter(TargetTable table, ImportConfig config, Connections connections, SqlValues values,
            boolean transactional, boolean loadData) {
        this.table = table;
        this.config = config;
        this.connections = connections;
        this.values = values;
        // On a table that cannot roll a statement back, a failed multi-row statement may have written some
        // of its rows; one row per statement keeps every row written once and every error on its own row.
        this.maxRows = transactional ? config.batchRows() : 1;
        this.transactional = transactional;
        // A LOAD stream is only all-or-nothing on a transactional engine.
        this.loadData = loadData && transactional;
    }

    @Override
    public ChunkWriter openChunk(DataChunk chunk, RowErrorSink errors) {
        BatchExecutor executor = new BatchExecutor(connections, chunk);
        LogicalChunkWriter inserts = new LogicalChunkWriter(table.name(), config.conflictStrategy(), values,
                config.batchBytes(), maxRows, executor, errors);
        if (!loadData) {
            return inserts;
        }
        return new LoadDataChunkWriter(table.name(), config.conflictStrategy(), LoadDataMode.batchBytes(config),
                maxRows, executor, inserts);
    }

    boolean loadData() {
        return loadData;
    }

    /**
     * With checkpoints, each INSERT batch or LOAD stream commits together with its chunk position (or reports
     * its commit right after, when the position cannot be saved in its transaction).
     */
    @Override
    public ChunkWriter openChunk(DataChunk chunk, RowErrorSink errors, ChunkProgress progress) {
        if (progress == null) {
            return openChunk(chunk, errors);
        }
        // A checkpoint in the batch's transaction only helps when the table's rows roll back with it.
        ChunkProgress p = progress == null || transactional || !progress.transactional() ? progress
                : new AfterCommit(progress);
        BatchExecutor executor = new BatchExecutor(connections, chunk);
        LogicalChunkWriter inserts = new LogicalChunkWriter(table.name(), config.conflictStrategy(), values,
                config.batchBytes(), maxRows, executor, errors, p);
        if (!loadData) {
            return inserts;
        }
        return new LoadDataChunkWriter(table.name(), config.conflictStrategy(), LoadDataMode.batchBytes(config),
                maxRows, executor, inserts, p);
    }

    /** Reports progress after each autocommitted statement instead of inside a transaction. */
    private record AfterCommit(ChunkProgress progress) implements ChunkProgress {
        @Override
        public boolean transactional() {
            return false;
        }

        @Override
        public void record(java.sql.Connection connection, int rejected) {
            throw new IllegalStateException("not transactional");
        }

        @Override
        public void committed() {
            progress.committed();
        }
    }

    int maxRows() {
        return maxRows;
    }
}
