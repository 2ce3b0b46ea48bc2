package dev.lightning4j.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.TableName;
import dev.lightning4j.spi.StorageFile;
import org.junit.jupiter.api.Test;

/** Names taken from file names: odd but valid ones pass and quote safely, impossible ones fail naming the file. */
class IdentifiersTest {
    private final FileRouter router = new FileRouter();

    @Test
    void aNulInAnEscapedNameIsRejectedNamingTheFile() {
        String path = "shop.ord%00ers.000000001.sql";
        assertThatThrownBy(() -> router.route(new StorageFile(path, 1)))
                .isInstanceOfSatisfying(ImportException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_READ);
                    assertThat(e.file()).isEqualTo(path);
                    assertThat(e.getMessage()).contains("ord\\u0000ers").contains("NUL").doesNotContain("\0");
                });
    }

    @Test
    void namesOverSixtyFourCharactersAreRejected() {
        String longName = "t".repeat(65);
        assertThatThrownBy(() -> router.route(new StorageFile("shop." + longName + "-schema.sql", 1)))
                .isInstanceOfSatisfying(ImportException.class,
                        e -> assertThat(e.getMessage()).contains("65 characters").contains("limit of 64"));
        assertThat(router.route(new StorageFile("shop." + "t".repeat(64) + ".sql", 1)).table()).hasSize(64);
        // the limit counts characters, not bytes
        assertThat(router.route(new StorageFile("shop." + "é".repeat(64) + ".sql", 1)).table()).hasSize(64);
    }

    @Test
    void backticksQuotesAndStatementsInNamesStayInsideOneQuotedIdentifier() {
        RoutedFile r = router.route(new StorageFile("sh%60op.t%60%3B%20DROP%20TABLE%20x%3B%20--'\".sql", 1));
        assertThat(r.schema()).isEqualTo("sh`op");
        assertThat(r.table()).isEqualTo("t`; DROP TABLE x; --'\"");
        String quoted = new TableName(r.schema(), r.table()).quoted();
        assertThat(quoted).isEqualTo("`sh``op`.`t``; DROP TABLE x; --'\"`");
        // every backtick inside the identifiers is doubled, so the only unpaired ones are the delimiters
        String inner = quoted.substring(1, quoted.length() - 1).replace("``", "");
        assertThat(inner).isEqualTo("shop`.`t; DROP TABLE x; --'\"");
    }
}
