package dev.lightning4j.core.schema;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.TableName;
import dev.lightning4j.core.routing.RoutedFile;
import dev.lightning4j.spi.Storage;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * Creates databases, tables and views on the target from the schema files, idempotently: what exists is
 * kept. DDL runs with an empty {@code sql_mode} so that legacy defaults (zero dates) that the source
 * server accepted are accepted here too; the session is restored afterwards.
 */
public final class SchemaApplier {
    private final DataSource dataSource;
    private final Storage storage;
    private final String sessionSqlMode;

    private final String characterSet;

    public SchemaApplier(DataSource dataSource, Storage storage, String sessionSqlMode) {
        this(dataSource, storage, sessionSqlMode, "binary");
    }

    /** @param characterSet the schema files' {@code character-set} ({@code auto}, {@code utf8mb4}, ...) */
    public SchemaApplier(DataSource dataSource, Storage storage, String sessionSqlMode, String characterSet) {
        this.characterSet = characterSet;
        this.dataSource = dataSource;
        this.storage = storage;
        this.sessionSqlMode = sessionSqlMode;
    }

    public void createDatabase(String db, RoutedFile schemaFile) {
        String context = schemaFile == null ? null : schemaFile.path();
        String ddl = null;
        if (schemaFile != null) {
            for (String st : statements(schemaFile, db)) {
                String rewritten = DdlRewriter.createDatabase(st, db);
                if (rewritten != null) {
                    ddl = rewritten;
                }
            }
        }
        if (ddl == null) {
            ddl = "CREATE DATABASE IF NOT EXISTS " + TableName.quote(db);
        }
        execute(List.of(ddl), context, db);
    }

    public void createTable(TableName table, RoutedFile schemaFile) {
        List<String> stmts = statements(schemaFile, table.toString());
        boolean found = false;
        for (int i = 0; i < stmts.size(); i++) {
            String rewritten = DdlRewriter.createTable(stmts.get(i), table);
            if (rewritten != null) {
                stmts.set(i, rewritten);
                found = true;
            } else if (!SchemaStatements.isSessionSetting(stmts.get(i))) {
                throw refused(stmts.get(i), "CREATE TABLE and SET", schemaFile.path(), table.toString());
            }
        }
        if (!found) {
            throw new ImportException(ErrorCode.SCHEMA_FAILED, "the schema file has no CREATE TABLE statement; "
                    + "fix the file or remove it and create the table yourself", schemaFile.path(), -1,
                    table.toString(), null, null);
        }
        execute(stmts, schemaFile.path(), table.toString(), "USE " + TableName.quote(table.schema()));
    }

    /** Runs a Dumpling view file (a placeholder table, then DROP and CREATE VIEW) in its database. */
    public void createView(String db, RoutedFile viewFile) {
        List<String> stmts = statements(viewFile, db);
        for (String st : stmts) {
            if (!SchemaStatements.isSessionSetting(st) && !SchemaStatements.actsOnView(st, db, viewFile.table())) {
                throw refused(st, "SET and statements on the view `" + viewFile.table() + "` itself", viewFile.path(),
                        db + "." + viewFile.table());
            }
        }
        execute(stmts, viewFile.path(), db + "." + viewFile.table(), "USE " + TableName.quote(db));
    }

    private static ImportException refused(String statement, String allowed, String file, String what) {
        return new ImportException(ErrorCode.SCHEMA_FAILED, "the schema file holds a statement it may not run: "
                + abbreviate(statement) + "; only " + allowed + " are run from it. Remove the statement, or run it"
                + " yourself before the import", file, -1, what, null, null);
    }

    private List<String> statements(RoutedFile file, String what) {
        String text = SchemaFileReader.read(storage, file, what, characterSet);
        try {
            return new java.util.ArrayList<>(SqlScript.split(text));
        } catch (IllegalArgumentException e) {
            throw new ImportException(ErrorCode.SCHEMA_FAILED, "cannot parse the schema file: " + e.getMessage(),
                    file.path(), -1, what, null, e);
        }
    }

    private void execute(List<String> statements, String file, String what, String... prelude) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_mode = ''");
            try {
                for (String p : prelude) {
                    st.execute(p);
                }
                for (String sql : statements) {
                    try {
                        st.execute(sql);
                    } catch (SQLException e) {
                        throw new ImportException(ErrorCode.SCHEMA_FAILED, "the target refused a schema statement: "
                                + e.getMessage() + "; statement: " + abbreviate(sql)
                                + "; fix the schema file or create the object yourself and import with existing tables",
                                file, -1, what, null, e);
                    }
                }
            } finally {
                st.execute("SET NAMES utf8mb4");
                try (java.sql.PreparedStatement ps = c.prepareStatement("SET SESSION sql_mode = ?")) {
                    ps.setString(1, sessionSqlMode);
                    ps.execute();
                }
            }
        } catch (SQLException e) {
            throw new ImportException(ErrorCode.SCHEMA_FAILED, "cannot apply the schema: " + e.getMessage(), file, -1,
                    what, null, e);
        }
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }
}
