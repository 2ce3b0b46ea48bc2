package dev.lightning4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpGeneratorTest {
    @TempDir
    Path tmp;

    private GenerationReport generate(String name, String dataset, String format, long sizeMib, int tables,
            long seed) {
        return DumpGenerator.generate(new GeneratorOptions(tmp.resolve(name), dataset, format, sizeMib, tables, seed,
                1, 64));
    }

    @Test
    void sameSeedWritesIdenticalDataFilesAndAnotherSeedDoesNot() throws IOException {
        generate("a", "wide", "sql", 2, 2, 7);
        generate("b", "wide", "sql", 2, 2, 7);
        generate("c", "wide", "sql", 2, 2, 8);
        List<String> files = dataFiles(tmp.resolve("a"));
        assertThat(files).isNotEmpty().isEqualTo(dataFiles(tmp.resolve("b")));
        for (String f : files) {
            assertThat(Files.mismatch(tmp.resolve("a").resolve(f), tmp.resolve("b").resolve(f))).as(f).isEqualTo(-1);
            assertThat(Files.mismatch(tmp.resolve("a").resolve(f), tmp.resolve("c").resolve(f))).as(f).isNotEqualTo(-1);
        }
    }

    @Test
    void writesDumplingFileNamesAndRollsFilesAtTheFileSize() throws IOException {
        GenerationReport report = generate("d", "sbtest", "sql", 3, 2, 1);
        Path dir = tmp.resolve("d");
        assertThat(dataFiles(dir)).containsExactly(
                "sbtest.sbtest1.000000000.sql", "sbtest.sbtest1.000000001.sql",
                "sbtest.sbtest2.000000000.sql", "sbtest.sbtest2.000000001.sql");
        assertThat(dir.resolve("sbtest-schema-create.sql")).content().contains("CREATE DATABASE `sbtest`");
        assertThat(dir.resolve("sbtest.sbtest2-schema.sql")).content()
                .contains("CREATE TABLE `sbtest2`", "KEY `k_1` (`k`)");
        // 1.5 MiB per table: a first file of 1 MiB plus at most one 64 KiB statement, then the rest.
        long first = Files.size(dir.resolve("sbtest.sbtest1.000000000.sql"));
        assertThat(first).isBetween(1L << 20, (1L << 20) + 70 * 1024);
        assertThat(report.bytes()).isBetween(3L << 20, (3L << 20) + 2 * 1024);
        assertThat(report.bytes()).isEqualTo(totalSize(dir, ".sql") - schemaSize(dir));
        String text = Files.readString(dir.resolve("sbtest.sbtest1.000000001.sql"), StandardCharsets.UTF_8);
        assertThat(text).startsWith("/*!40014 SET FOREIGN_KEY_CHECKS=0*/;\n/*!40101 SET NAMES binary*/;\n"
                + "INSERT INTO `sbtest1` VALUES\n(").endsWith(");\n");
    }

    @Test
    void reportsTheRowsActuallyWrittenAndKeysContinueAcrossFiles() throws IOException {
        GenerationReport report = generate("e", "sbtest", "sql", 2, 1, 3);
        Path dir = tmp.resolve("e");
        long tuples = 0;
        long lastId = 0;
        for (String f : dataFiles(dir)) {
            for (String line : Files.readAllLines(dir.resolve(f), StandardCharsets.UTF_8)) {
                if (line.startsWith("(")) {
                    tuples++;
                    long id = Long.parseLong(line.substring(1, line.indexOf(',')));
                    assertThat(id).isEqualTo(lastId + 1);
                    lastId = id;
                }
            }
        }
        assertThat(tuples).isEqualTo(report.rows()).isEqualTo(lastId).isGreaterThan(10_000);
        assertThat(DatasetManifest.read(dir)).hasValueSatisfying(m -> {
            assertThat(m.rows()).isEqualTo(report.rows());
            assertThat(m.bytes()).isEqualTo(report.bytes());
            assertThat(m.matches(report.options())).isTrue();
        });
    }

    @Test
    void csvFilesEachStartWithAQuotedHeaderAndHaveOneLinePerRow() throws IOException {
        GenerationReport report = generate("f", "sbtest", "csv", 2, 1, 3);
        Path dir = tmp.resolve("f");
        assertThat(dataFiles(dir)).containsExactly("sbtest.sbtest1.000000000.csv", "sbtest.sbtest1.000000001.csv");
        long lines = 0;
        for (String f : dataFiles(dir)) {
            List<String> all = Files.readAllLines(dir.resolve(f), StandardCharsets.UTF_8);
            assertThat(all.get(0)).isEqualTo("\"id\",\"k\",\"c\",\"pad\"");
            lines += all.size() - 1;
        }
        assertThat(lines).isEqualTo(report.rows());
    }

    @Test
    void valuesAreRenderedAsMySqlLiterals() {
        ByteSink out = new ByteSink(4);
        out.decimal(Long.MIN_VALUE).put(' ').scaled(-5, 2).put(' ').scaled(123456, 4).put(' ').padded(42, 5);
        out.put(' ');
        DateTimes.datetime(out, -1);
        out.put(' ');
        Escapes.append(out, "a'b\"c\\d\ne\0f\u001a".getBytes(StandardCharsets.UTF_8), 0, 12, true, (byte) '\'');
        assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8)).isEqualTo(
                "-9223372036854775808 -0.05 12.3456 00042 1969-12-31 23:59:59 a\\'b\\\"c\\\\d\\ne\\0f\\Z");
    }

    private static List<String> dataFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("[^.]+\\.[^.]+\\.\\d{9}\\.(sql|csv)"))
                    .sorted().collect(Collectors.toList());
        }
    }

    private static long totalSize(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static long schemaSize(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().contains("-schema")).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
