package dev.lightning4j.physical;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.TableName;
import dev.lightning4j.physical.model.IndexColumn;
import dev.lightning4j.physical.model.IndexInfo;
import dev.lightning4j.physical.model.TableInfo;
import dev.lightning4j.physical.model.TidbTableInfoReader;
import dev.lightning4j.spi.CheckpointEntries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tikv-importer.add-index-by-sql}: the secondary indexes are dropped before a table is imported, so only its
 * record pairs (and a primary key's) are encoded and ingested, and added back over SQL after the checksum, as TiDB
 * Lightning does. Dropped are the public indexes, unique ones too, except the primary key and the indexes over an
 * AUTO_INCREMENT column (which must stay a key); an index the server refuses to drop (e.g. one a foreign key needs)
 * stays and is imported.
 *
 * <p>The definitions, as {@code SHOW CREATE TABLE} prints them (names, column order, prefix lengths, uniqueness,
 * types, comments, visibility), are saved before any index is dropped and removed only once they were added back, so
 * a run that stopped in between adds them on its resume. With checkpoints on they are saved first in the import's
 * checkpoints (entry {@value #ENTRY} of the table, in the checkpoint file or the mysql driver's schema), which a
 * resume reads first: the sort directory is scratch space, and a resume with a wiped or new one (another machine,
 * a fresh volume) still adds the indexes back. A second copy goes to {@code <sorted-kv-dir>/add-index/<db>.<table>},
 * the only place when checkpoints are off. A resume whose table was finished but not yet post-processed (its
 * deferred checksum lost with the sort directory) adds them back in {@link #addLeftBehind}, at the end of the
 * import. Removing a table's checkpoints while definitions are pending reports the statement that adds them back
 * ({@link #pendingWork}).
 *
 * <p>The indexes are added in one {@code ALTER TABLE ... ADD ..., ADD ...}; if that fails because one of them
 * exists already they are added one by one, skipping those that exist.
 */
final class AddIndexBySql {
    private static final Logger LOG = LoggerFactory.getLogger(AddIndexBySql.class);
    /** An index line of SHOW CREATE TABLE other than the primary key's: kind, name, rest. */
    private static final Pattern INDEX_LINE = Pattern.compile(
            "^\\s*((?:UNIQUE|FULLTEXT|SPATIAL|VECTOR)\\s+)?(?:KEY|INDEX)\\s+`((?:[^`]|``)+)`(.*?),?\\s*$");
    /** MySQL's duplicate key name (1061) and multiple primary key (1068): an index that exists already. */
    private static final Set<Integer> EXISTS = Set.of(1061, 1068);
    /** Can't drop field or key (1091), index needed in a foreign key (1553): the index stays. */
    private static final Set<Integer> KEEP = Set.of(1091, 1553);

    /** The name of the checkpoint entry holding a table's dropped index definitions, one per line. */
    static final String ENTRY = "add-index";

    private AddIndexBySql() {
    }

    /** Where the definitions of a table's dropped indexes are kept until they are added back. */
    static Path savedFile(PhysicalBackend backend, TableName name) {
        return backend.options().sortedKvDir().resolve("add-index")
                .resolve(PhysicalTableImporter.safe(name.schema()) + "." + PhysicalTableImporter.safe(name.table()));
    }

    /**
     * Saves, then drops the table's droppable indexes (before the importer reads the table info, so the encoder and
     * the checksum ranges see the table without them). Definitions saved by an earlier run are kept.
     */
    static void dropBeforeImport(PhysicalBackend backend, TableName name) {
        TableInfo info;
        try {
            info = TidbTableInfoReader.read(backend.status().tableInfo(name), backend.zone());
        } catch (IllegalArgumentException e) {
            return; // the importer reports it
        }
        Path file = savedFile(backend, name);
        Map<String, String> saved = saved(backend, name, file);
        Map<String, String> defs = definitions(backend, name);
        List<String> drop = new ArrayList<>();
        for (IndexInfo idx : info.indexes()) {
            if (idx.primary() || overAutoIncrement(info, idx)) {
                continue;
            }
            String def = defs.get(idx.name().toLowerCase(Locale.ROOT));
            if (def == null) {
                LOG.warn("table {}: index {} is not in SHOW CREATE TABLE; it stays and is imported", name, idx.name());
                continue;
            }
            drop.add(idx.name());
            saved.putIfAbsent(idx.name().toLowerCase(Locale.ROOT), def);
        }
        if (!saved.isEmpty()) {
            save(backend, name, file, saved);
        }
        for (String index : drop) {
            String sql = "ALTER TABLE " + quoted(name) + " DROP INDEX `" + index.replace("`", "``") + "`";
            try (Connection c = backend.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute(sql);
                LOG.info("table {}: index {} dropped, to be added over SQL after the import", name, index);
            } catch (SQLException e) {
                if (KEEP.contains(e.getErrorCode())) {
                    saved.remove(index.toLowerCase(Locale.ROOT));
                    if (saved.isEmpty()) {
                        forget(backend, name, file);
                    } else {
                        save(backend, name, file, saved);
                    }
                    LOG.info("table {}: index {} cannot be dropped ({}); it stays and is imported", name, index,
                            e.getMessage());
                    continue;
                }
                throw new ImportException(ErrorCode.TARGET_WRITE, "dropping index " + index + " of table " + name
                        + " before the import failed (" + sql + "): " + e.getMessage() + "; the definitions are kept"
                        + " in " + where(backend, file) + "; fix the cause and run again, or set "
                        + PhysicalOptions.ADD_INDEX_BY_SQL + " = false", null, -1, name.toString(), null, e);
            }
        }
    }

    /**
     * Adds back the saved indexes the table lacks (after the checksum, before analyze), then forgets them.
     */
    static void addAfterImport(PhysicalBackend backend, TableName name) {
        Path file = savedFile(backend, name);
        Map<String, String> saved = saved(backend, name, file);
        if (saved.isEmpty()) {
            return;
        }
        Map<String, String> present = definitions(backend, name);
        List<String> adds = new ArrayList<>();
        for (Map.Entry<String, String> e : saved.entrySet()) {
            if (!present.containsKey(e.getKey())) {
                adds.add("ADD " + e.getValue());
            }
        }
        if (!adds.isEmpty()) {
            String all = "ALTER TABLE " + quoted(name) + " " + String.join(", ", adds);
            long t0 = System.nanoTime();
            try {
                execute(backend, all);
            } catch (SQLException e) {
                if (!EXISTS.contains(e.getErrorCode()) || adds.size() == 1) {
                    throw failed(name, all, e);
                }
                LOG.warn("table {}: cannot add all indexes in one statement ({}); adding them one by one", name,
                        e.getMessage());
                for (String add : adds) {
                    String one = "ALTER TABLE " + quoted(name) + " " + add;
                    try {
                        execute(backend, one);
                    } catch (SQLException e1) {
                        if (!EXISTS.contains(e1.getErrorCode())) {
                            throw failed(name, one, e1);
                        }
                    }
                }
            }
            LOG.info("table {}: {} indexes added over SQL in {} ms", name, adds.size(),
                    (System.nanoTime() - t0) / 1_000_000);
        }
        forget(backend, name, file);
    }

    /**
     * At the end of an import: adds back the indexes of tables whose definitions the checkpoints still hold although
     * no table of this run added them: an earlier run finished the table and deferred its post-process, which was
     * then lost (a wiped or new sort directory), or stopped after adding them and before forgetting them.
     */
    static void addLeftBehind(PhysicalBackend backend) {
        CheckpointEntries entries = backend.checkpointEntries();
        if (entries == null) {
            return;
        }
        for (Map.Entry<TableName, Map<String, String>> t : entries.all().entrySet()) {
            if (t.getValue().containsKey(ENTRY)) {
                LOG.warn("table {}: the checkpoints still hold index definitions an earlier run dropped (was its"
                        + " deferred post-process lost with {}?); adding the indexes back now", t.getKey(),
                        PhysicalOptions.SORTED_KV_DIR);
                addAfterImport(backend, t.getKey());
            }
        }
    }

    /**
     * What removing the table's checkpoints leaves undone: the statement adding back the saved indexes the table
     * lacks (all of them when the table cannot be read), or null when none are pending.
     */
    static String pendingWork(PhysicalBackend backend, TableName name, String entry) {
        Map<String, String> saved = entry == null ? Map.of() : parseLines(entry);
        Map<String, String> present;
        try {
            present = definitions(backend, name);
        } catch (ImportException e) {
            present = Map.of();
        }
        List<String> adds = new ArrayList<>();
        for (Map.Entry<String, String> e : saved.entrySet()) {
            if (!present.containsKey(e.getKey())) {
                adds.add("ADD " + e.getValue());
            }
        }
        if (adds.isEmpty()) {
            return null;
        }
        return "table " + name + " still lacks the indexes " + PhysicalOptions.ADD_INDEX_BY_SQL + " dropped before"
                + " its import, and their definitions are removed with its checkpoints: unless the table is dropped"
                + " and created again from its schema, add them back (once its data is complete) with: ALTER TABLE "
                + quoted(name) + " " + String.join(", ", adds) + ";";
    }

    /** Where the definitions are kept, for messages. */
    private static String where(PhysicalBackend backend, Path file) {
        return backend.checkpointEntries() == null ? file.toString()
                : "the checkpoints (entry " + ENTRY + ") and " + file;
    }

    /** The saved definitions: the checkpoint's first, then those only the sort directory's copy has. */
    private static Map<String, String> saved(PhysicalBackend backend, TableName name, Path file) {
        CheckpointEntries entries = backend.checkpointEntries();
        Map<String, String> saved = new LinkedHashMap<>();
        String entry = entries == null ? null : entries.of(name).get(ENTRY);
        if (entry != null) {
            saved.putAll(parseLines(entry));
        }
        try {
            read(file, name).forEach(saved::putIfAbsent);
        } catch (ImportException e) {
            if (entries == null) {
                throw e;
            }
            LOG.warn("table {}: {}; using the copy in the checkpoints", name, e.getMessage());
        }
        return saved;
    }

    /**
     * Saves the definitions durably before any index is dropped: in the checkpoints first (when on), then in the
     * sort directory (a second copy then, whose failure is only logged).
     */
    private static void save(PhysicalBackend backend, TableName name, Path file, Map<String, String> saved) {
        CheckpointEntries entries = backend.checkpointEntries();
        if (entries != null) {
            entries.put(name, ENTRY, String.join("\n", saved.values()));
        }
        try {
            write(file, saved, name);
        } catch (ImportException e) {
            if (entries == null) {
                throw e;
            }
            LOG.warn("table {}: {}; the checkpoints hold them", name, e.getMessage());
        }
    }

    /** Forgets the definitions once the indexes are back: the sort directory's copy, then the checkpoint's. */
    private static void forget(PhysicalBackend backend, TableName name, Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("table {}: cannot delete {} ({}); delete it by hand", name, file, e.getMessage());
        }
        CheckpointEntries entries = backend.checkpointEntries();
        if (entries != null) {
            entries.put(name, ENTRY, null);
        }
    }

    private static ImportException failed(TableName name, String sql, SQLException e) {
        return new ImportException(ErrorCode.TARGET_WRITE, "adding the indexes of table " + name + " failed: "
                + e.getMessage() + "; the data is imported without them: fix the cause (for a duplicate entry, remove"
                + " the duplicate rows) and add them by hand: " + sql + "; or import with "
                + PhysicalOptions.ADD_INDEX_BY_SQL + " = false", null, -1, name.toString(), null, e);
    }

    private static void execute(PhysicalBackend backend, String sql) throws SQLException {
        try (Connection c = backend.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static boolean overAutoIncrement(TableInfo info, IndexInfo idx) {
        for (IndexColumn col : idx.columns()) {
            if (info.columns().get(col.offset()).autoIncrement()) {
                return true;
            }
        }
        return false;
    }

    /** The table's index definitions other than the primary key, by lower-case name, as SHOW CREATE TABLE has them. */
    static Map<String, String> definitions(PhysicalBackend backend, TableName name) {
        String ddl;
        try (Connection c = backend.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW CREATE TABLE " + quoted(name))) {
            if (!rs.next()) {
                throw new SQLException("no result");
            }
            ddl = rs.getString(2);
        } catch (SQLException e) {
            throw new ImportException(ErrorCode.TARGET_WRITE, "SHOW CREATE TABLE " + name + " failed: "
                    + e.getMessage() + "; set " + PhysicalOptions.ADD_INDEX_BY_SQL + " = false to import the indexes"
                    + " with the data", null, -1, name.toString(), null, e);
        }
        return parse(ddl);
    }

    /** The index definitions (without the primary key) of a CREATE TABLE statement, by lower-case name. */
    static Map<String, String> parse(String createTable) {
        Map<String, String> defs = new LinkedHashMap<>();
        for (String line : createTable.split("\n")) {
            Matcher m = INDEX_LINE.matcher(line);
            if (m.matches()) {
                String def = line.trim();
                if (def.endsWith(",")) {
                    def = def.substring(0, def.length() - 1);
                }
                defs.put(m.group(2).replace("``", "`").toLowerCase(Locale.ROOT), def);
            }
        }
        return defs;
    }

    /** Saved definitions, one per line, by lower-case name. */
    static Map<String, String> parseLines(String lines) {
        Map<String, String> saved = new LinkedHashMap<>();
        for (String line : lines.split("\n")) {
            if (!line.isBlank()) {
                saved.putAll(parse(line));
            }
        }
        return saved;
    }

    private static Map<String, String> read(Path file, TableName name) {
        if (!Files.exists(file)) {
            return new LinkedHashMap<>();
        }
        try {
            return parseLines(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ImportException(ErrorCode.TARGET_WRITE, "cannot read the saved index definitions of " + name
                    + " in " + file + ": " + e.getMessage() + "; they were dropped by an earlier run: add them back"
                    + " by hand from that file", null, -1, name.toString(), null, e);
        }
    }

    private static void write(Path file, Map<String, String> saved, TableName name) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, String.join("\n", new ArrayList<>(saved.values())) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ImportException(ErrorCode.TARGET_WRITE, "cannot save the index definitions of " + name + " in "
                    + file + " before dropping them: " + e.getMessage() + "; check " + PhysicalOptions.SORTED_KV_DIR
                    + " or set " + PhysicalOptions.ADD_INDEX_BY_SQL + " = false", null, -1, name.toString(), null, e);
        }
    }

    static String quoted(TableName name) {
        return "`" + name.schema().replace("`", "``") + "`.`" + name.table().replace("`", "``") + "`";
    }
}
