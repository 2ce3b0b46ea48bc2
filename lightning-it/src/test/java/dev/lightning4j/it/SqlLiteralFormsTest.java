package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.ImportBuilder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unquoted literals must reach the server in the form the dump wrote them. MariaDB reads {@code 0x10} in a
 * numeric column as the number 16 but {@code X'10'} as a binary string, which strict mode rejects there.
 */
class SqlLiteralFormsTest {
    @TempDir
    Path dir;

    @Test
    void hexLiteralWrittenAs0xKeepsItsNumericValueInIntegerColumns() {
        String db = ItDb.SERVER.createDatabase("it_sql_literal_forms");
        DumpFile.schema(dir, db, "h", "CREATE TABLE `h` (`id` int NOT NULL PRIMARY KEY, `n` bigint unsigned, "
                + "`s` varchar(10), `b` varbinary(10));");
        new DumpFile().text(DumpFile.DUMPLING_HEADER)
                .insert("h", null, "(1,0x10,X'41',0x42)", "(2,0xFFFFFFFFFFFFFFFF,x'4344',X'00')")
                .writeTo(dir, db + ".h.000000000.sql");

        ImportBuilder.create().source(dir)
                .target(ItDb.SERVER.jdbcUrl(), ItDb.SERVER.user(), ItDb.SERVER.password())
                .filter(db + ".*").run();

        assertThat(ItDb.rows("SELECT n, s, HEX(b) FROM `" + db + "`.h ORDER BY id")).containsExactly(
                List.of("16", "A", "42"), List.of("18446744073709551615", "CD", "00"));
    }
}
