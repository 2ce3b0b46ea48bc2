package dev.lightning4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes Dumpling's schema files: {@code {db}-schema-create.sql} and {@code {db}.{tbl}-schema.sql}. */
final class SchemaFiles {
    private static final String HEADER = "/*!40101 SET NAMES binary*/;\n";

    private SchemaFiles() {
    }

    static Path writeDatabase(Path dir, String database) throws IOException {
        Path file = dir.resolve(database + "-schema-create.sql");
        Files.writeString(file, HEADER + "CREATE DATABASE " + quote(database)
                + " /*!40100 DEFAULT CHARACTER SET utf8mb4 */;\n", StandardCharsets.UTF_8);
        return file;
    }

    static Path writeTable(Path dir, String database, TableSpec table) throws IOException {
        Path file = dir.resolve(database + "." + table.name() + "-schema.sql");
        Files.writeString(file, HEADER + table.createTable() + ";\n", StandardCharsets.UTF_8);
        return file;
    }

    static String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }
}
