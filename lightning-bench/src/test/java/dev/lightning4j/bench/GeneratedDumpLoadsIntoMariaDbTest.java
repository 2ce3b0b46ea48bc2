package dev.lightning4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.testing.TestingMariaDb;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated files are what a real server accepts: SQL files run statement by statement, CSV files
 * load with {@code LOAD DATA} using Lightning's default CSV options, and both give the same table.
 */
class GeneratedDumpLoadsIntoMariaDbTest {
    private static final TestingMariaDb DB = TestingMariaDb.shared();

    @TempDir
    Path tmp;

    @Test
    void sqlAndCsvOfTheWideTableLoadToTheSameRows() throws Exception {
        GenerationReport sql = DumpGenerator.generate(
                new GeneratorOptions(tmp.resolve("sql"), "wide", "sql", 1, 1, 11, 1, 32));
        GenerationReport csv = DumpGenerator.generate(
                new GeneratorOptions(tmp.resolve("csv"), "wide", "csv", 1, 1, 11, 1, 32));
        String sqlDb = DB.createDatabase("bench_sql");
        String csvDb = DB.createDatabase("bench_csv");
        try (Connection c = connect(sqlDb)) {
            runSchemaAndInserts(c, tmp.resolve("sql"));
        }
        try (Connection c = connect(csvDb)) {
            runSchemaOnly(c, tmp.resolve("csv"));
            for (Path f : dataFiles(tmp.resolve("csv"))) {
                try (Statement s = c.createStatement()) {
                    s.execute("LOAD DATA LOCAL INFILE '" + f.toAbsolutePath() + "' INTO TABLE customer"
                            + " CHARACTER SET binary FIELDS TERMINATED BY ',' ENCLOSED BY '\"' ESCAPED BY '\\\\'"
                            + " LINES TERMINATED BY '\\n' IGNORE 1 LINES");
                    SQLWarning warning = s.getWarnings();
                    assertThat(warning == null ? null : warning.getMessage()).as("LOAD DATA of " + f).isNull();
                }
            }
        }
        try (Connection c = connect(sqlDb)) {
            assertThat(count(c, sqlDb + ".customer", "1=1")).isEqualTo(sql.rows());
            assertThat(count(c, csvDb + ".customer", "1=1")).isEqualTo(csv.rows());
            // The tricky values arrive as values, not as their escapes.
            assertThat(count(c, sqlDb + ".customer", "c_last = '\\\\N'")).isPositive();
            assertThat(count(c, sqlDb + ".customer", "c_last = 'O''Brien'")).isPositive();
            assertThat(count(c, sqlDb + ".customer", "c_city IS NULL")).isPositive();
            assertThat(count(c, sqlDb + ".customer", "c_photo IS NULL")).isPositive();
            assertThat(count(c, sqlDb + ".customer", "c_data LIKE CONCAT('%', CHAR(10), '%')")).isPositive();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT COUNT(*) FROM " + sqlDb + ".customer WHERE c_last = ?")) {
                p.setString(1, "😀Emoji");
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    assertThat(r.getLong(1)).isPositive();
                }
            }
            // Both formats draw the same values row by row; they differ only in how many rows fit the size.
            long common = Math.min(sql.rows(), csv.rows());
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM " + sqlDb + ".customer WHERE c_id > " + common);
                s.executeUpdate("DELETE FROM " + csvDb + ".customer WHERE c_id > " + common);
            }
            assertThat(checksum(c, csvDb + ".customer")).isEqualTo(checksum(c, sqlDb + ".customer"));
        }
    }

    @Test
    void sbtestStatementsRunOnTheServerWithTheReportedRowCount() throws Exception {
        GenerationReport report = DumpGenerator.generate(
                new GeneratorOptions(tmp.resolve("sb"), "sbtest", "sql", 2, 2, 5, 1, 256));
        String db = DB.createDatabase("bench_sbtest");
        try (Connection c = connect(db)) {
            runSchemaAndInserts(c, tmp.resolve("sb"));
            for (TableReport t : report.tables()) {
                assertThat(count(c, t.table(), "1=1")).as(t.table()).isEqualTo(t.rows());
                assertThat(count(c, t.table(), "CHAR_LENGTH(c) = 119 AND CHAR_LENGTH(pad) = 59")).isEqualTo(t.rows());
            }
        }
    }

    private static Connection connect(String database) throws SQLException {
        String url = DB.jdbcUrl(database);
        url += (url.contains("?") ? "&" : "?") + "allowLoadLocalInfile=true";
        return DriverManager.getConnection(url, DB.user(), DB.password());
    }

    /** Runs the table schema files, then every INSERT of the data files (the session header is skipped). */
    private static void runSchemaAndInserts(Connection c, Path dir) throws IOException, SQLException {
        runSchemaOnly(c, dir);
        for (Path f : dataFiles(dir)) {
            // Newlines inside values are escaped, so ";\n" only ever ends a statement.
            for (String stmt : Files.readString(f, StandardCharsets.UTF_8).split(";\n")) {
                if (stmt.startsWith("INSERT")) {
                    try (Statement s = c.createStatement()) {
                        s.execute(stmt);
                    }
                }
            }
        }
    }

    private static void runSchemaOnly(Connection c, Path dir) throws IOException, SQLException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("-schema.sql")).sorted()
                    .collect(Collectors.toList())) {
                String ddl = Files.readString(f, StandardCharsets.UTF_8);
                try (Statement s = c.createStatement()) {
                    s.execute(ddl.substring(ddl.indexOf("CREATE TABLE")).replaceFirst(";\\s*$", ""));
                }
            }
        }
    }

    private static List<Path> dataFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("[^.]+\\.[^.]+\\.\\d{9}\\.(sql|csv)"))
                    .sorted().collect(Collectors.toList());
        }
    }

    private static long count(Connection c, String table, String where) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE " + where)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static long checksum(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("CHECKSUM TABLE " + table)) {
            r.next();
            return r.getLong(2);
        }
    }
}
