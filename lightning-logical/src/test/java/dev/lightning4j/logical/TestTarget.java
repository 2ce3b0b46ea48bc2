package dev.lightning4j.logical;

import dev.lightning4j.ConflictStrategy;
import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportConfig;
import dev.lightning4j.RowError;
import dev.lightning4j.TableName;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.RowErrorSink;
import dev.lightning4j.spi.TargetColumn;
import dev.lightning4j.spi.TargetTable;
import dev.lightning4j.testing.TestingMariaDb;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Test helpers around the shared server: configs, table metadata as the engine reads it, SQL. */
final class TestTarget {
    static final TestingMariaDb DB = TestingMariaDb.shared();

    private TestTarget() {
    }

    static ImportConfig config(UnaryOperator<ImportBuilder> settings) {
        ImportBuilder b = ImportBuilder.create().source("/nonexistent-source")
                .target(DB.jdbcUrl(), DB.user(), DB.password()).backend(new LogicalBackendProvider());
        return settings.apply(b).build();
    }

    static ImportConfig config(ConflictStrategy strategy) {
        return config(b -> b.onDuplicate(strategy));
    }

    static void exec(String db, String... sql) throws SQLException {
        try (Connection c = DB.dataSource(db).getConnection(); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    /** True when the tests run against an external TiDB, which has neither gap locks nor MyISAM. */
    static boolean isTiDb() throws SQLException {
        try (Connection c = DB.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT VERSION()")) {
            rs.next();
            return rs.getString(1).contains("TiDB");
        }
    }

    static long count(String db, String table) throws SQLException {
        try (Connection c = DB.dataSource(db).getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM `" + table + "`")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Reads a table's columns from information_schema, as the engine does. */
    static TargetTable table(String db, String table) throws SQLException {
        List<TargetColumn> columns = new ArrayList<>();
        try (Connection c = DB.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT COLUMN_NAME, ORDINAL_POSITION, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, CHARACTER_SET_NAME, EXTRA"
                        + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String extra = rs.getString(7);
                    columns.add(new TargetColumn(rs.getString(1), rs.getInt(2), rs.getString(3).toLowerCase(),
                            rs.getString(4).toLowerCase(), "YES".equals(rs.getString(5)), rs.getString(6),
                            extra != null && extra.toUpperCase().contains("GENERATED")));
                }
            }
        }
        return new TargetTable(new TableName(db, table), columns);
    }

    static DataChunk chunk(String db, String table) {
        return new DataChunk(new TableName(db, table), db + "." + table + ".000000000.sql", "sql", null, 0, 0, -1, 0);
    }

    /** Records rejects and throws TOO_MANY_ERRORS past {@code budget}, like the engine's error accounting. */
    static final class Rejects implements RowErrorSink {
        final List<Reject> rejected = new ArrayList<>();
        private final long budget;

        Rejects(long budget) {
            this.budget = budget;
        }

        @Override
        public synchronized void reject(RowError.Kind kind, long offset, String reason, String rowText) {
            rejected.add(new Reject(kind, offset, reason, rowText));
            if (rejected.size() > budget) {
                throw new ImportException(ErrorCode.TOO_MANY_ERRORS, "more than " + budget + " rows rejected");
            }
        }
    }

    record Reject(RowError.Kind kind, long offset, String reason, String row) {
    }
}
