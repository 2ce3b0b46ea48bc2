package dev.lightning4j.core.errors;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.RecordedErrors;
import dev.lightning4j.RowError;
import dev.lightning4j.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes rejected rows to the target's task-info schema, after TiDB Lightning's {@code lightning_task_info}:
 * type errors and wrong column counts to {@code type_error_v1}, duplicate keys to {@code conflict_records}
 * (the table Lightning's logical backend uses). For a conflict the new row and the key named by the server
 * are stored; the row already in the table is not fetched, since the server names the key but gives its
 * value only as text joined with {@code -}, which cannot be split back for multi-column keys.
 *
 * <p>Memory is bounded: rows are buffered up to {@link #BATCH} entries and then written in one batch by the
 * thread that rejected the last one. {@link #close()} writes what is left, so a failing import loses no row.
 */
public final class ErrorRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorRecorder.class);
    static final int BATCH = 256;
    /** Longer reasons and rows are cut; {@code text} holds 64 KiB. */
    private static final int MAX_TEXT = 16_000;
    private static final Pattern KEY_NAME = Pattern.compile("for key '([^']*)'");

    private final DataSource dataSource;
    private final String schema;
    private final long taskId;
    private final List<RowError> pending = new ArrayList<>(BATCH);
    private long typeErrors;
    private long conflicts;
    private long unrecorded;
    private boolean closed;

    private ErrorRecorder(DataSource dataSource, String schema, long taskId) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.taskId = taskId;
    }

    /**
     * Creates the schema and tables when missing. Fails the import at once when that is refused, before
     * any row is written, as Lightning does.
     */
    public static ErrorRecorder open(DataSource dataSource, String schema, long taskId) {
        ErrorRecorder r = new ErrorRecorder(dataSource, schema, taskId);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            for (String ddl : TaskInfoTables.ddl(schema)) {
                st.execute(ddl);
            }
        } catch (SQLException e) {
            boolean denied = e.getErrorCode() == 1044 || e.getErrorCode() == 1142 || e.getErrorCode() == 1227;
            throw new ImportException(denied ? ErrorCode.TARGET_ACCESS_DENIED : ErrorCode.TARGET_WRITE, "cannot create the tables that record rejected"
                    + " rows in " + TableName.quote(schema) + ": " + e.getMessage() + "; grant CREATE and INSERT on "
                    + schema + ".*, or turn recording off (taskInfoSchema(null), --task-info-schema-name '')", e);
        }
        return r;
    }

    public String schema() {
        return schema;
    }

    public long taskId() {
        return taskId;
    }

    /** Buffers one row; writes the buffer once it is full. */
    public synchronized void record(RowError error) {
        pending.add(error);
        if (pending.size() >= BATCH || closed) { // a worker that stops late still gets its row written
            flush();
        }
    }

    /** Writes the buffered rows. A refused write is logged with every row, never thrown: the import goes on. */
    public synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        String typeSql = "INSERT INTO " + TableName.quote(schema) + ".`" + RecordedErrors.TYPE_ERROR_TABLE
                + "` (`task_id`, `table_name`, `path`, `offset`, `error`, `row_data`) VALUES (?,?,?,?,?,?)";
        String conflictSql = "INSERT INTO " + TableName.quote(schema) + ".`" + RecordedErrors.CONFLICT_TABLE
                + "` (`task_id`, `table_name`, `path`, `offset`, `error`, `row_id`, `row_data`, `index_name`)"
                + " VALUES (?,?,?,?,?,?,?,?)";
        long types = 0;
        long dups = 0;
        try (Connection c = dataSource.getConnection();
                PreparedStatement type = c.prepareStatement(typeSql);
                PreparedStatement conflict = c.prepareStatement(conflictSql)) {
            for (RowError e : pending) {
                PreparedStatement ps = e.kind() == RowError.Kind.CONFLICT ? conflict : type;
                ps.setLong(1, taskId);
                ps.setString(2, e.table().quoted());
                ps.setString(3, e.file() == null ? "" : e.file());
                ps.setLong(4, e.offset());
                ps.setString(5, cut((e.kind() == RowError.Kind.COLUMN_COUNT ? "column count: " : "") + e.reason()));
                if (ps == conflict) {
                    ps.setLong(6, 0); // the logical backend has no row id
                    ps.setString(7, cut(e.row() == null ? "" : e.row()));
                    ps.setString(8, keyName(e.reason()));
                    dups++;
                } else {
                    ps.setString(6, cut(e.row() == null ? "" : e.row()));
                    types++;
                }
                ps.addBatch();
            }
            if (types > 0) {
                type.executeBatch();
            }
            if (dups > 0) {
                conflict.executeBatch();
            }
            typeErrors += types;
            conflicts += dups;
        } catch (SQLException ex) {
            unrecorded += pending.size();
            LOG.error("could not record {} rejected rows in {}: {}; the rows follow", pending.size(), schema,
                    ex.getMessage());
            for (RowError e : pending) {
                LOG.error("unrecorded rejected row: {}", e);
            }
        } finally {
            pending.clear();
        }
    }

    /** What was recorded so far, or null when nothing was. */
    public synchronized RecordedErrors summary() {
        if (typeErrors + conflicts + unrecorded == 0) {
            return null;
        }
        return new RecordedErrors(schema, taskId, typeErrors, conflicts, unrecorded);
    }

    @Override
    public synchronized void close() {
        closed = true;
        flush();
    }

    static String keyName(String reason) {
        if (reason == null) {
            return "";
        }
        Matcher m = KEY_NAME.matcher(reason);
        String name = "";
        while (m.find()) {
            name = m.group(1); // MySQL 8 writes 'tbl.key'; the last quoted key is the one
        }
        int dot = name.lastIndexOf('.');
        return dot >= 0 ? name.substring(dot + 1) : name;
    }

    private static String cut(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 3) + "...";
    }
}
