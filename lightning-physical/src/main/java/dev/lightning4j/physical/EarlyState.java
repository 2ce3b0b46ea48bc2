package dev.lightning4j.physical;

import dev.lightning4j.physical.checksum.KvChecksum;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * What a table's early imports (disk quota) have put on TiKV, kept in the table's directory: how many batches,
 * the checksum of their pairs (the table's remote checksum covers them too) and whether the last batch is
 * still to be settled (its keys recorded, its pairs removed from the sorting engines). Written atomically.
 *
 * @param batches   batches imported early
 * @param checksum  the checksum of every pair they imported
 * @param unsettled whether the last batch is imported but not yet settled
 */
record EarlyState(long batches, KvChecksum checksum, boolean unsettled) {
    static final EarlyState NONE = new EarlyState(0, new KvChecksum(), false);

    static EarlyState read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return NONE;
        }
        String[] f = Files.readString(file, StandardCharsets.UTF_8).trim().split("\\s+");
        if (f.length != 8 || !f[0].equals("batches") || !f[2].equals("checksum") || !f[6].equals("settled")) {
            throw new IOException("unreadable early-import state " + file + "; remove the directory " + file.getParent()
                    + " and truncate the table to start it again");
        }
        return new EarlyState(Long.parseLong(f[1]), new KvChecksum(Long.parseUnsignedLong(f[3]), Long.parseLong(f[4]),
                Long.parseLong(f[5])), !Boolean.parseBoolean(f[7]));
    }

    void write(Path file) throws IOException {
        String text = "batches " + batches + "\nchecksum " + Long.toUnsignedString(checksum.checksum()) + " "
                + checksum.kvs() + " " + checksum.bytes() + "\nsettled " + !unsettled + "\n";
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
