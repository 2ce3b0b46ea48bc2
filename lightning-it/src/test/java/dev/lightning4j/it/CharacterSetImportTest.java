package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * data-character-set: GBK and GB18030 files with Chinese text land as the right utf8mb4 text; invalid bytes are
 * replaced (U+FFFD by default, or the configured text) or fail the import naming the file and byte offset.
 * Schema files in GB18030 are read by character-set=auto.
 */
class CharacterSetImportTest {
    private static final Charset GBK = Charset.forName("GBK");
    private static final Charset GB18030 = Charset.forName("GB18030");
    private static final String TABLE = "CREATE TABLE `%s` (`id` int NOT NULL, `name` varchar(50) DEFAULT NULL, "
            + "`note` text DEFAULT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;";

    @TempDir
    static Path gbkDir;
    @TempDir
    static Path gb18030Dir;
    static String db;

    @BeforeAll
    static void importFiles() throws IOException {
        db = ItDb.SERVER.createDatabase("it_charset");
        DumpFile.schema(gbkDir, db, "g", String.format(TABLE, "g"));
        Files.write(gbkDir.resolve(db + ".g.000000001.csv"),
                "id,name,note\n1,张三,\"北京市, 海淀区\"\n2,李四,\\N\n3,abc,中文“引号”\n".getBytes(GBK));
        ItDb.importer(gbkDir, db).dataCharacterSet("gbk").run();

        // GB18030 data (with a character outside the BMP, which GBK lacks) and a GB18030 schema file
        Files.write(gb18030Dir.resolve(db + ".h-schema.sql"), ("CREATE TABLE `h` (`id` int NOT NULL, "
                + "`name` varchar(50) DEFAULT NULL COMMENT '名字', `note` text, PRIMARY KEY (`id`)) "
                + "DEFAULT CHARSET=utf8mb4;\n").getBytes(GB18030));
        Files.write(gb18030Dir.resolve(db + ".h.000000001.sql"), ("INSERT INTO `h` VALUES (1,'王五','𠀀 扩展'),"
                + "(2,'欧元 €','it''s 中文');\n").getBytes(GB18030));
        ItDb.importer(gb18030Dir, db).dataCharacterSet("gb18030").characterSet("auto").run();
    }

    private static String utf8Hex(String s) {
        return HexFormat.of().withUpperCase().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void gbkCsvLandsAsUtf8mb4() {
        assertThat(ItDb.rows("SELECT id, name, note, HEX(name) FROM " + db + ".g ORDER BY id")).containsExactly(
                List.of("1", "张三", "北京市, 海淀区", utf8Hex("张三")),
                java.util.Arrays.asList("2", "李四", null, utf8Hex("李四")),
                List.of("3", "abc", "中文“引号”", utf8Hex("abc")));
    }

    @Test
    void gb18030SqlAndSchemaLandAsUtf8mb4() {
        assertThat(ItDb.rows("SELECT id, name, note, HEX(note) FROM " + db + ".h ORDER BY id")).containsExactly(
                List.of("1", "王五", "𠀀 扩展", utf8Hex("𠀀 扩展")),
                List.of("2", "欧元 €", "it's 中文", utf8Hex("it's 中文")));
        assertThat(ItDb.rows("SELECT column_comment FROM information_schema.columns WHERE table_schema = '" + db
                + "' AND table_name = 'h' AND column_name = 'name'")).containsExactly(List.of("名字"));
    }

    @Test
    void invalidBytesAreReplacedByDefaultOrByTheConfiguredText(@TempDir Path d1, @TempDir Path d2) throws IOException {
        for (Path d : List.of(d1, d2)) {
            String t = d == d1 ? "r1" : "r2";
            DumpFile.schema(d, db, t, String.format(TABLE, t));
            byte[] good = "好".getBytes(GBK);
            Files.write(d.resolve(db + "." + t + ".000000001.csv"), new byte[] {'i', 'd', ',', 'n', 'a', 'm', 'e', ',',
                    'n', 'o', 't', 'e', '\n', '1', ',', good[0], good[1], (byte) 0x81, ',', 'x', '\n'});
        }
        ItDb.importer(d1, db).dataCharacterSet("gbk").run();
        ItDb.importer(d2, db).dataCharacterSet("gbk").dataInvalidCharReplace("?").run();
        assertThat(ItDb.rows("SELECT name FROM " + db + ".r1")).containsExactly(List.of("好\uFFFD"));
        assertThat(ItDb.rows("SELECT name FROM " + db + ".r2")).containsExactly(List.of("好?"));
    }

    @Test
    void invalidBytesFailTheImportWithFileAndOffsetWhenNoReplacementIsSet(@TempDir Path d) throws IOException {
        DumpFile.schema(d, db, "bad", String.format(TABLE, "bad"));
        byte[] gbk = "id,name,note\n1,好,x\n2,".getBytes(GBK);
        byte[] data = new byte[gbk.length + 4];
        System.arraycopy(gbk, 0, data, 0, gbk.length);
        data[gbk.length] = (byte) 0xFF;
        data[gbk.length + 1] = ',';
        data[gbk.length + 2] = 'y';
        data[gbk.length + 3] = '\n';
        Files.write(d.resolve(db + ".bad.000000001.csv"), data);
        long rowStart = "id,name,note\n1,好,x\n".getBytes(GBK).length;
        assertThatThrownBy(() -> ItDb.importer(d, db).dataCharacterSet("gbk").dataInvalidCharReplace(null).run())
                .isInstanceOfSatisfying(ImportException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_SYNTAX);
                    assertThat(e.file()).isEqualTo(db + ".bad.000000001.csv");
                    assertThat(e.offset()).isEqualTo(rowStart);
                    assertThat(e.getMessage()).contains("gbk", "data-invalid-char-replace", "field 2");
                });
    }

    @Test
    void anUnknownCharacterSetIsAnOptionError() {
        assertThatThrownBy(() -> ItDb.importer(gbkDir, db).dataCharacterSet("big5").build())
                .isInstanceOfSatisfying(ImportException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OPTION))
                .hasMessageContaining("data-character-set");
    }
}
