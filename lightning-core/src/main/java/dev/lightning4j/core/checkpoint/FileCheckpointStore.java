package dev.lightning4j.core.checkpoint;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.KeepAfterSuccess;
import dev.lightning4j.TableName;
import dev.lightning4j.spi.CheckpointStore;
import dev.lightning4j.spi.ChunkCheckpoint;
import dev.lightning4j.spi.TableCheckpoint;
import dev.lightning4j.spi.TaskCheckpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checkpoints in one local text file, rewritten whole on each save: written to a temporary file, forced to
 * disk, then renamed over the old one, so a crash leaves either the old or the new state, never a torn one.
 *
 * <p>The format is a header line, then one line per record with tab-separated, percent-encoded fields:
 * {@code task id fingerprint}, {@code table schema table status error}, {@code chunk schema table file start
 * end size offset rows skipped finished columns}, {@code entry schema table name value} (a backend's entry; a file
 * without entries is written exactly as before they existed).
 */
final class FileCheckpointStore implements CheckpointStore {
    private static final String HEADER = "lightning4j-checkpoint\t1";

    private final Path path;
    private TaskCheckpoint task;
    private final Map<TableName, TableCheckpoint> tables = new TreeMap<>();
    private final Map<TableName, Map<String, ChunkCheckpoint>> chunks = new TreeMap<>();
    private final Map<TableName, Map<String, String>> entries = new TreeMap<>();

    FileCheckpointStore(Path path) {
        this.path = path.toAbsolutePath();
        load();
    }

    private void load() {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new ImportException(ErrorCode.CHECKPOINT, "cannot read the checkpoint file " + path + ": "
                    + e.getMessage() + "; check its permissions", e);
        }
        if (lines.isEmpty()) {
            return;
        }
        if (!lines.get(0).equals(HEADER)) {
            throw corrupt(1, "it does not start with '" + HEADER.replace('\t', ' ') + "'", null);
        }
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            try {
                switch (f[0]) {
                    case "task" -> task = new TaskCheckpoint(Long.parseLong(f[1]), Codec.map(Codec.dec(f[2])));
                    case "table" -> {
                        TableName t = new TableName(Codec.dec(f[1]), Codec.dec(f[2]));
                        tables.put(t, new TableCheckpoint(t, TableCheckpoint.Status.ofLabel(f[3]), Codec.dec(f[4])));
                    }
                    case "chunk" -> {
                        TableName t = new TableName(Codec.dec(f[1]), Codec.dec(f[2]));
                        ChunkCheckpoint c = new ChunkCheckpoint(t, Codec.dec(f[3]), Long.parseLong(f[4]),
                                Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]),
                                Long.parseLong(f[9]), Codec.columns(Codec.dec(f[11])), Boolean.parseBoolean(f[10]));
                        chunks.computeIfAbsent(t, k -> new LinkedHashMap<>()).put(c.key(), c);
                    }
                    case "entry" -> {
                        TableName t = new TableName(Codec.dec(f[1]), Codec.dec(f[2]));
                        String value = Codec.dec(f[4]);
                        if (value == null) {
                            throw new IllegalArgumentException("an entry without a value");
                        }
                        entries.computeIfAbsent(t, k -> new TreeMap<>()).put(Codec.dec(f[3]), value);
                    }
                    default -> throw corrupt(i + 1, "unknown record '" + f[0] + "'", null);
                }
            } catch (RuntimeException e) {
                if (e instanceof ImportException ie) {
                    throw ie;
                }
                throw corrupt(i + 1, e.toString(), e);
            }
        }
    }

    private ImportException corrupt(int line, String why, Throwable cause) {
        return new ImportException(ErrorCode.CHECKPOINT, "the checkpoint file " + path + " is damaged at line " + line
                + ": " + why + "; remove it (--checkpoint-remove=all) to start the import over", cause);
    }

    @Override
    public synchronized TaskCheckpoint task() {
        return task;
    }

    @Override
    public synchronized void saveTask(TaskCheckpoint task) {
        this.task = task;
        persist();
    }

    @Override
    public synchronized List<TableCheckpoint> tables() {
        return List.copyOf(tables.values());
    }

    @Override
    public synchronized void saveTable(TableCheckpoint table) {
        tables.put(table.table(), table);
        persist();
    }

    @Override
    public synchronized List<ChunkCheckpoint> chunks(TableName table) {
        Map<String, ChunkCheckpoint> m = chunks.get(table);
        return m == null ? List.of() : List.copyOf(m.values());
    }

    @Override
    public synchronized void saveChunk(ChunkCheckpoint chunk) {
        chunks.computeIfAbsent(chunk.table(), k -> new LinkedHashMap<>()).put(chunk.key(), chunk);
        persist();
    }

    @Override
    public boolean keepsEntries() {
        return true;
    }

    @Override
    public synchronized Map<TableName, Map<String, String>> entries() {
        Map<TableName, Map<String, String>> out = new TreeMap<>();
        entries.forEach((t, m) -> out.put(t, java.util.Collections.unmodifiableMap(new TreeMap<>(m))));
        return out;
    }

    @Override
    public synchronized void saveEntry(TableName table, String name, String value) {
        Entries.checkName(name);
        Map<String, String> m = entries.computeIfAbsent(table, k -> new TreeMap<>());
        if (value == null) {
            m.remove(name);
            if (m.isEmpty()) {
                entries.remove(table);
            }
        } else {
            m.put(name, value);
        }
        persist();
    }

    @Override
    public synchronized void removeTable(TableName table) {
        tables.remove(table);
        chunks.remove(table);
        entries.remove(table);
        persist();
    }

    @Override
    public synchronized void removeAll() {
        task = null;
        tables.clear();
        chunks.clear();
        entries.clear();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new ImportException(ErrorCode.CHECKPOINT, "cannot remove the checkpoint file " + path + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized String afterSuccess(KeepAfterSuccess keep) {
        switch (keep) {
            case REMOVE -> {
                removeAll();
                return null;
            }
            case RENAME -> {
                Path renamed = path.resolveSibling(path.getFileName() + "." + (task == null ? 0 : task.taskId())
                        + ".bak");
                try {
                    Files.move(path, renamed, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new ImportException(ErrorCode.CHECKPOINT, "cannot rename the checkpoint file " + path
                            + ": " + e.getMessage(), e);
                }
                task = null;
                tables.clear();
                chunks.clear();
                entries.clear();
                return renamed.toString();
            }
            default -> {
                return path.toString();
            }
        }
    }

    @Override
    public String describe() {
        return "file " + path;
    }

    private void persist() {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        if (task != null) {
            sb.append("task\t").append(task.taskId()).append('\t').append(Codec.enc(Codec.map(task.fingerprint())))
                    .append('\n');
        }
        for (TableCheckpoint t : tables.values()) {
            sb.append("table\t").append(Codec.enc(t.table().schema())).append('\t').append(Codec.enc(t.table().table()))
                    .append('\t').append(t.status().label()).append('\t').append(Codec.enc(t.error())).append('\n');
        }
        for (Map<String, ChunkCheckpoint> m : chunks.values()) {
            for (ChunkCheckpoint c : m.values()) {
                sb.append("chunk\t").append(Codec.enc(c.table().schema())).append('\t')
                        .append(Codec.enc(c.table().table())).append('\t').append(Codec.enc(c.file())).append('\t')
                        .append(c.start()).append('\t').append(c.end()).append('\t').append(c.fileSize()).append('\t')
                        .append(c.offset()).append('\t').append(c.rows()).append('\t').append(c.skipped()).append('\t')
                        .append(c.finished()).append('\t').append(Codec.enc(Codec.columns(c.columns()))).append('\n');
            }
        }
        entries.forEach((t, m) -> m.forEach((name, value) -> sb.append("entry\t").append(Codec.enc(t.schema()))
                .append('\t').append(Codec.enc(t.table())).append('\t').append(Codec.enc(name)).append('\t')
                .append(Codec.enc(value)).append('\n')));
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try {
            Path dir = path.getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new ImportException(ErrorCode.CHECKPOINT, "cannot write the checkpoint file " + path + ": "
                    + e.getMessage() + "; check the disk and the checkpoint path", e);
        }
    }

    @Override
    public void close() {
    }

    /** For listings. */
    static List<ChunkCheckpoint> all(CheckpointStore store) {
        List<ChunkCheckpoint> out = new ArrayList<>();
        for (TableCheckpoint t : store.tables()) {
            out.addAll(store.chunks(t.table()));
        }
        return out;
    }
}
