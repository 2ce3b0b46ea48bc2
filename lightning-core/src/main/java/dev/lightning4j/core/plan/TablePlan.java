package dev.lightning4j.core.plan;

import dev.lightning4j.TableName;
import dev.lightning4j.core.routing.RoutedFile;
import dev.lightning4j.spi.DataChunk;
import java.util.List;

/**
 * One table to import.
 *
 * @param name       the target table
 * @param schemaFile its {@code -schema.sql} file, or null when the table must already exist
 * @param chunks     its data in import order (files ordered by sequence number)
 */
public record TablePlan(TableName name, RoutedFile schemaFile, List<DataChunk> chunks) {
    public TablePlan {
        chunks = List.copyOf(chunks);
    }

    /** Stored bytes of all chunks. */
    public long bytes() {
        long sum = 0;
        for (DataChunk c : chunks) {
            sum += c.end() >= 0 ? c.end() - c.start() : c.fileSize() - c.start();
        }
        return sum;
    }
}
