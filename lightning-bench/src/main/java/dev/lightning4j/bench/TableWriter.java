package dev.lightning4j.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Streams one table's rows into numbered data files ({@code {db}.{tbl}.000000000.sql}, ...), in blocks
 * of about one statement size, closing a file once it reaches the file size. Memory stays at one block.
 */
final class TableWriter {
    private final Path dir;
    private final String database;
    private final DataFormat format;
    private final long fileBytes;
    private final int blockBytes;

    TableWriter(Path dir, String database, DataFormat format, long fileBytes, int blockBytes) {
        this.dir = dir;
        this.database = database;
        this.format = format;
        this.fileBytes = fileBytes;
        this.blockBytes = blockBytes;
    }

    /** Writes rows until the data files hold at least {@code targetBytes} (rounded up to a whole row). */
    TableReport write(TableSpec table, Dataset.RowSource rows, long targetBytes) throws IOException {
        ByteSink block = new ByteSink(blockBytes + 64 * 1024);
        RowEncoder encoder = format.encoder(block);
        long written = 0;
        long rowCount = 0;
        int files = 0;
        while (written < targetBytes || files == 0) {
            Path file = dir.resolve(String.format("%s.%s.%09d.%s", database, table.name(), files,
                    format.extension()));
            files++;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                block.reset();
                format.fileHeader(table, block);
                long inFile = block.length();
                block.writeTo(out);
                while (inFile < fileBytes && written + inFile < targetBytes) {
                    block.reset();
                    format.blockStart(table, block);
                    boolean first = true;
                    // At least one row, so that a statement is never empty.
                    while (first || block.length() < blockBytes
                            && written + inFile + block.length() < targetBytes) {
                        format.rowStart(first, block);
                        rows.write(++rowCount, encoder);
                        format.rowEnd(block);
                        first = false;
                    }
                    format.blockEnd(block);
                    block.writeTo(out);
                    inFile += block.length();
                }
                written += inFile;
            }
        }
        return new TableReport(table.name(), files, written, rowCount);
    }
}
