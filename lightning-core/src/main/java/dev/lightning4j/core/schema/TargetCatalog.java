package dev.lightning4j.core.schema;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.TableName;
import dev.lightning4j.spi.TargetColumn;
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
        } catch (SQLException e) {
            throw new ImportException(ErrorCode.TARGET_WRITE, "cannot read the columns of " + name + ": "
                    + e.getMessage(), null, -1, name.toString(), null, e);
        }
    }

    /** Whether the table holds no row. */
    public boolean isEmpty(TableName name) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + name.quoted() + " LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            return !rs.next();
        } catch (SQLException e) {
            throw new ImportException(ErrorCode.TARGET_WRITE, "cannot check whether " + name + " is empty: "
                    + e.getMessage(), null, -1, name.toString(), null, e);
        }
    }
}
