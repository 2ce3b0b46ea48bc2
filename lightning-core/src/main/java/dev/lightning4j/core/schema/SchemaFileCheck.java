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
        for (String st : statements) {
            if (DdlRewriter.createTable(st, table) != null) {
                return null;
            }
        }
        return "the schema file has no CREATE TABLE statement";
    }
}
