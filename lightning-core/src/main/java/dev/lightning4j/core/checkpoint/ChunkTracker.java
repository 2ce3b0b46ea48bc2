package dev.lightning4j.core.checkpoint;

import dev.lightning4j.RowError;
import dev.lightning4j.spi.ChunkCheckpoint;
import dev.lightning4j.spi.ChunkProgress;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.SourceRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The position of one chunk while it runs, and the bridge that saves it: inside the batch's transaction
 * when the store can, else right after the batch committed. Used by the chunk's worker thread only.
 *
 * <p>The engine calls {@link #consumed} after a row was handed to the writer (or rejected), so during a
 * writer's {@code write} the position covers exactly the rows of the batches that writer commits.
 */
public final class ChunkTracker implements ChunkProgress {
    private final CheckpointSession session;
    private final DataChunk chunk;
    private final ChunkCheckpoint resumedFrom;
    private long offset;
    private long rows;
    private long skipped;
    private List<String> columns;
    private boolean savedInTransaction;
    private ChunkCheckpoint lastRecorded;
    /** True from a resume until the first batch commits: that batch may have committed before the crash. */
    private boolean replayWindow;

    /**
     * @param mayReplay the chunk's first batch may already be on the target: an earlier run was writing its
     *                  table and saved positions only after commit
     */
    ChunkTracker(CheckpointSession session, DataChunk chunk, ChunkCheckpoint resumedFrom, boolean mayReplay) {
        this.session = session;
        this.chunk = chunk;
        this.resumedFrom = resumedFrom;
        if (resumedFrom != null) {
            offset = resumedFrom.offset();
            rows = resumedFrom.rows();
            skipped = resumedFrom.skipped();
            columns = resumedFrom.columns();
        } else {
            offset = chunk.start();
        }
        replayWindow = mayReplay;
    }

    /** The saved position this chunk continues from, or null for a fresh chunk. */
    public ChunkCheckpoint resumedFrom() {
        return resumedFrom;
    }

    /** A source row was written to the writer or rejected. */
    public void consumed(SourceRow row) {
        offset = row.endOffset();
        rows++;
        columns = row.columns();
    }

    /** A row was rejected (and reported) by the engine or the writer. */
    public void rejected() {
        skipped++;
    }

    /**
     * True when a rejection is a replayed row meeting its own earlier copy: a duplicate key in the first
     * batch after a resume from a store that saves after commit. That batch may have committed just before
     * the crash; its rows are then already on the target and count as written, not as errors.
     */
    public boolean isReplayedDuplicate(RowError.Kind kind) {
        return replayWindow && kind == RowError.Kind.CONFLICT;
    }

    @Override
    public boolean transactional() {
        return session.transactional() != null;
    }

    @Override
    public void record(Connection connection, int rejectedInBatch) throws SQLException {
        lastRecorded = snapshot(skipped + rejectedInBatch, false);
        session.transactional().write(connection, lastRecorded);
        savedInTransaction = true;
    }

    @Override
    public boolean recorded(Connection connection) throws SQLException {
        if (lastRecorded == null) {
            return false;
        }
        ChunkCheckpoint onTarget = session.transactional().read(connection, lastRecorded);
        return onTarget != null && onTarget.offset() == lastRecorded.offset() && onTarget.rows() == lastRecorded.rows();
    }

    @Override
    public void committed() {
        if (savedInTransaction) {
            savedInTransaction = false;
        } else {
            session.saveChunk(snapshot(skipped, false));
        }
        replayWindow = false;
    }

    /** After the writer's final flush: saves the position, as finished when the chunk was read to its end. */
    public void flushed(boolean finished) {
        session.saveChunk(snapshot(skipped, finished));
        replayWindow = false;
    }

    private ChunkCheckpoint snapshot(long skippedNow, boolean finished) {
        return new ChunkCheckpoint(chunk.table(), chunk.file(), chunk.start(), chunk.end(), chunk.fileSize(), offset,
                rows, skippedNow, columns, finished);
    }
}
