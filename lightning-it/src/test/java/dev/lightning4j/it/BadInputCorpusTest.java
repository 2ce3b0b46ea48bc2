package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportResult;
import dev.lightning4j.RowError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of bad input. Each file gives its own clear error naming the file and the position, or for bad
 * rows a recorded reject at the row's offset; nothing is dropped without a word.
 */
class BadInputCorpusTest {
    @TempDir
    Path dir;

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private String table(String prefix, String ddl) {
        String db = ItDb.SERVER.createDatabase(prefix);
        DumpFile.schema(dir, db, "t", ddl);
        return db;
    }

    private ImportException fails(String db, ErrorCode code, String file) {
        ImportException[] caught = new ImportException[1];
        assertThatThrownBy(() -> ItDb.importer(dir, db).run()).isInstanceOfSatisfying(ImportException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
            assertThat(e.file()).as(e.getMessage()).isEqualTo(file);
            assertThat(e.getMessage()).contains(file).contains(code.code());
            caught[0] = e;
        });
        return caught[0];
    }

    @Test
    void aTruncatedGzipFileFailsNamingTheFile() {
        String db = table("it_corpus_trunc", "CREATE TABLE `t` (`id` int PRIMARY KEY, `s` varchar(20));");
        String[] tuples = new String[2000];
        for (int i = 0; i < tuples.length; i++) {
            tuples[i] = "(" + i + ",'row number " + i + "')";
        }
        byte[] whole = gzip(new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("t", null, tuples).bytes());
        String file = db + ".t.0.sql.gz";
        write(file, Arrays.copyOf(whole, whole.length / 2));
        ImportException e = fails(db, ErrorCode.SOURCE_READ, file);
        assertThat(e.getMessage()).contains("truncated or corrupt");
        assertThat(e.offset()).isPositive(); // where the readable part ended
        assertThat(ItDb.count("`" + db + "`.t")).isLessThan(2000);
    }

    @Test
    void aCorruptGzipFileFailsNamingTheFile() {
        String db = table("it_corpus_gz", "CREATE TABLE `t` (`id` int PRIMARY KEY);");
        byte[] good = gzip(new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("t", null, "(1)", "(2)").bytes());
        byte[] bad = good.clone();
        for (int i = 12; i < bad.length - 8; i++) {
            bad[i] = (byte) (bad[i] ^ 0x5a); // a damaged deflate stream behind a valid header
        }
        String file = db + ".t.0.sql.gz";
        write(file, bad);
        ImportException e = fails(db, ErrorCode.SOURCE_READ, file);
        assertThat(e.getMessage()).contains("truncated or corrupt");
        assertThat(ItDb.count("`" + db + "`.t")).isZero();

        write(file, "plain text, not gzip\n".getBytes());
        fails(db, ErrorCode.SOURCE_READ, file);
    }

    @Test
    void malformedCsvQuotingFailsAtTheOpeningQuote() {
        String db = table("it_corpus_quote", "CREATE TABLE `t` (`id` int PRIMARY KEY, `s` varchar(20));");
        DumpFile f = new DumpFile().text("id,s\n").row("1,\"fine\"\n").row("2,\"never closed\n").row("3,x\n");
        String file = db + ".t.0.csv";
        f.writeTo(dir, file);
        ImportException e = fails(db, ErrorCode.SOURCE_SYNTAX, file);
        assertThat(e.offset()).isBetween(f.rowOffset(1), f.rowOffset(2));
        assertThat(e.getMessage()).contains("at byte " + e.offset());
    }

    @Test
    void badRowsAreRejectedAtTheirOffsetsAndRecorded() {
        String db = table("it_corpus_rows", "CREATE TABLE `t` (`id` int PRIMARY KEY, `s` varchar(5)) "
                + "DEFAULT CHARSET=utf8mb4;");
        String file = db + ".t.0.csv";
        DumpFile f = new DumpFile().text("id,s\n")
                .row("1,ok\n")
                .row("2,ok,extra\n") // too many values
                .row("3\n") // too few
                .row("4,").raw((byte) 0xC3, (byte) 0x28).text("\n") // invalid UTF-8 in a utf8mb4 column
                .row("5,much too long for five\n") // longer than the column
                .row("6,ok\n");
        f.writeTo(dir, file);
        String info = db + "_info";
        ImportResult r = ItDb.importer(dir, db).maxErrors(10).taskInfoSchema(info).run();

        Map<Long, RowError> byOffset = r.rowErrors().stream().collect(Collectors.toMap(RowError::offset,
                Function.identity()));
        assertThat(byOffset).containsOnlyKeys(f.rowOffset(1), f.rowOffset(2), f.rowOffset(3), f.rowOffset(4));
        assertThat(byOffset.get(f.rowOffset(1)).kind()).isEqualTo(RowError.Kind.COLUMN_COUNT);
        assertThat(byOffset.get(f.rowOffset(2)).kind()).isEqualTo(RowError.Kind.COLUMN_COUNT);
        assertThat(byOffset.get(f.rowOffset(3)).reason()).containsIgnoringCase("incorrect string value");
        assertThat(byOffset.get(f.rowOffset(4)).reason()).containsIgnoringCase("too long");
        assertThat(r.rowErrors()).extracting(RowError::file).containsOnly(file);
        assertThat(ItDb.rows("SELECT id, s FROM `" + db + "`.t ORDER BY id"))
                .containsExactly(List.of("1", "ok"), List.of("6", "ok"));
        assertThat(ItDb.longValue("SELECT COUNT(*) FROM `" + info + "`.type_error_v1 WHERE path = '" + file
                + "' AND task_id = " + r.recordedErrors().taskId())).isEqualTo(4);
    }

    @Test
    void binaryGarbageNamedSqlFailsAsASyntaxErrorWithNothingWritten() {
        String db = table("it_corpus_garbage", "CREATE TABLE `t` (`id` int PRIMARY KEY);");
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        String file = db + ".t.0.sql";
        write(file, garbage);
        ImportException e = fails(db, ErrorCode.SOURCE_SYNTAX, file);
        assertThat(e.offset()).isBetween(0L, 4096L);
        assertThat(ItDb.count("`" + db + "`.t")).isZero();
    }

    @Test
    void emptyDataFilesImportNothingWithoutError() {
        String db = table("it_corpus_empty", "CREATE TABLE `t` (`id` int PRIMARY KEY);");
        write(db + ".t.0.sql", new byte[0]);
        write(db + ".t.1.csv", new byte[0]);
        write(db + ".t.2.sql.gz", gzip(new byte[0]));
        ImportResult r = ItDb.importer(dir, db).run();
        assertThat(r.table(db, "t").rows()).isZero();
        assertThat(r.skippedRows()).isZero();
        assertThat(ItDb.tables(db)).containsExactly("t");
    }

    @Test
    void aNulInAFileNameFailsBeforeAnythingIsWritten() {
        String db = table("it_corpus_nul", "CREATE TABLE `t` (`id` int PRIMARY KEY);");
        String file = db + ".t%00x.0.sql";
        write(file, "INSERT INTO x VALUES (1);".getBytes());
        ImportException e = fails(db, ErrorCode.SOURCE_READ, file);
        assertThat(e.getMessage()).contains("NUL").contains("t\\u0000x");
        assertThat(ItDb.tables(db)).isEmpty();
    }

    @Test
    void identifiersWithBackticksQuotesAndStatementsAreImportedAsNames() {
        String db = ItDb.SERVER.createDatabase("it_corpus_names");
        String table = "we`ird'\"; DROP TABLE victim; --";
        ItDb.execute(db, "CREATE TABLE victim (id int)");
        String escaped = "we%60ird'\"%3B DROP TABLE victim%3B --";
        DumpFile.write(dir, db + "." + escaped + "-schema.sql",
                "CREATE TABLE `we``ird'\"; DROP TABLE victim; --` (`c``ol` int PRIMARY KEY, `q'\"` varchar(5));");
        new DumpFile().text("INSERT INTO `x` (`c``ol`, `q'\"`) VALUES (1,'a'),(2,'b');\n")
                .writeTo(dir, db + "." + escaped + ".0.sql");
        ImportResult r = ItDb.importer(dir, db).run();
        assertThat(r.table(db, table).rows()).isEqualTo(2);
        assertThat(ItDb.tables(db)).containsExactlyInAnyOrder("victim", table);
        assertThat(ItDb.count("`" + db + "`.`" + table.replace("`", "``") + "`")).isEqualTo(2);
    }

    @Test
    void aSchemaFileThatActsOnAnotherTableIsRefused() {
        String db = ItDb.SERVER.createDatabase("it_corpus_ddl");
        ItDb.execute(db, "CREATE TABLE victim (id int)");
        String file = db + ".t-schema.sql";
        DumpFile.write(dir, file, "/*!40101 SET NAMES binary*/;\nCREATE TABLE `t` (`id` int PRIMARY KEY);\n"
                + "DROP TABLE victim;\n");
        ImportException e = fails(db, ErrorCode.SCHEMA_FAILED, file);
        assertThat(e.getMessage()).contains("DROP TABLE victim").contains("other than CREATE TABLE and SET");
        // Without the pre-checks the schema step refuses it itself.
        assertThatThrownBy(() -> ItDb.importer(dir, db).checkRequirements(false).run())
                .isInstanceOfSatisfying(ImportException.class, x -> {
                    assertThat(x.code()).isEqualTo(ErrorCode.SCHEMA_FAILED);
                    assertThat(x.getMessage()).contains("DROP TABLE victim").contains("only CREATE TABLE and SET");
                });
        assertThat(ItDb.tables(db)).containsExactly("victim");

        String view = db + ".v-schema-view.sql";
        java.nio.file.Path schema = dir.resolve(file);
        DumpFile.write(dir, file, "CREATE TABLE `t` (`id` int PRIMARY KEY);\n");
        DumpFile.write(dir, view, "CREATE TABLE `v`(`id` int) ENGINE=MyISAM;\nDROP TABLE IF EXISTS `v`;\n"
                + "DROP TABLE IF EXISTS `victim`;\nCREATE VIEW `v` AS SELECT id FROM t;\n");
        assertThat(schema).exists();
        ImportException v = fails(db, ErrorCode.SCHEMA_FAILED, view);
        assertThat(v.getMessage()).contains("DROP TABLE IF EXISTS `victim`");
        assertThat(ItDb.tables(db)).contains("victim");
    }

    @Test
    void linksOutOfTheSourceDirectoryAreNeverRead(@TempDir Path outside) throws IOException {
        String db = table("it_corpus_link", "CREATE TABLE `t` (`id` int PRIMARY KEY);");
        new DumpFile().insert("t", null, "(1)").writeTo(dir, db + ".t.0.sql");
        Path secret = new DumpFile().insert("t", null, "(99)").writeTo(outside, db + ".t.1.sql");
        Files.createSymbolicLink(dir.resolve(db + ".t.1.sql"), secret);
        Files.createSymbolicLink(dir.resolve("sub"), outside);
        ImportResult r = ItDb.importer(dir, db).run();
        assertThat(r.table(db, "t").rows()).isEqualTo(1);
        assertThat(ItDb.rows("SELECT id FROM `" + db + "`.t")).containsExactly(List.of("1"));
    }

    private void write(String name, byte[] bytes) {
        try {
            Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
