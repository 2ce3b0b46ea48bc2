package dev.lightning4j.core.schema;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.TableName;
import dev.lightning4j.spi.TargetColumn;
import dev.lightning4j.spi.TargetFailures;
import dev.lightning4j.spi.TargetTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/** Reads what the target server knows about tables, from {@code information_schema}. */
public final class TargetCatalog {
    private final DataSource dataSource;

    public TargetCatalog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The table with its columns, or null when it does not exist. */
    public TargetTable table(TableName name) {
        String sql = "SELECT COLUMN_NAME, ORDINAL_POSITION, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, CHARACTER_SET_NAME,"
                + " EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                + " ORDER BY ORDINAL_POSITION";
        try {
            return TargetFailures.retryingLostConnections(() -> readTable(name, sql));
        } catch (SQLException e) {
            throw TargetFailures.failure("read the columns of " + name, e, name.toString(), ErrorCode.TARGET_WRITE,
                    "check that the user may read information_schema");
        }
    }

    private TargetTable readTable(TableName name, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name.schema());
            ps.setString(2, name.table());
            List<TargetColumn> columns = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String extra = rs.getString(7) == null ? "" : rs.getString(7).toUpperCase(Locale.ROOT);
                    boolean generated = extra.contains("GENERATED") || extra.contains("VIRTUAL")
                            || extra.contains("PERSISTENT") || extra.contains("STORED");
                    columns.add(new TargetColumn(rs.getString(1), rs.getInt(2),
                            rs.getString(3).toLowerCase(Locale.ROOT), rs.getString(4).toLowerCase(Locale.ROOT),
                            "YES".equalsIgnoreCase(rs.getString(5)), rs.getString(6), generated));
                }
            }
            return columns.isEmpty() ? null : new TargetTable(name, columns);
        }
    }

    /** Whether the table holds no row. */
    public boolean isEmpty(TableName name) {
        try {
            return TargetFailures.retryingLostConnections(() -> {
                try (Connection c = dataSource.getConnection();
                        PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + name.quoted() + " LIMIT 1");
                        ResultSet rs = ps.executeQuery()) {
                    return !rs.next();
                }
            });
        } catch (SQLException e) {
            throw TargetFailures.failure("check whether " + name + " is empty", e, name.toString(),
                    ErrorCode.TARGET_WRITE, "the user needs SELECT on the table");
        }
    }
}
