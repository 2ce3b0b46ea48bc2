package dev.lightning4j.core.schema;

import dev.lightning4j.ImportException;
import dev.lightning4j.TableName;
import dev.lightning4j.core.routing.RoutedFile;
import dev.lightning4j.spi.Storage;
import java.util.List;

/** Reads and splits a table schema file without running it, for pre-checks. */
public final class SchemaFileCheck {
    private SchemaFileCheck() {
    }

    /** What is wrong with the table's schema file, or null when it reads, splits and has a CREATE TABLE. */
    public static String problem(Storage storage, RoutedFile file, TableName table) {
        List<String> statements;
        try {
            statements = SqlScript.split(SchemaFileReader.read(storage, file, table.toString()));
        } catch (ImportException e) {
            return e.reason();
        } catch (IllegalArgumentException e) {
            return "cannot parse the schema file: " + e.getMessage();
        }
        boolean create = false;
        for (String st : statements) {
            if (DdlRewriter.createTable(st, table) != null) {
                create = true;
            } else if (!SchemaStatements.isSessionSetting(st)) {
                return "the schema file holds a statement other than CREATE TABLE and SET, which is not run: "
                        + (st.length() > 100 ? st.substring(0, 100) + "..." : st);
            }
        }
        return create ? null : "the schema file has no CREATE TABLE statement";
    }
}
