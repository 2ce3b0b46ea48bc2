package dev.lightning4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.FileRule;
import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportConfig;
import dev.lightning4j.ImportException;
import dev.lightning4j.TableRoute;
import dev.lightning4j.spi.Backend;
import dev.lightning4j.spi.BackendProvider;
import org.junit.jupiter.api.Test;

/** The builder validates and freezes the source layout options, naming Lightning's option in each error. */
class LayoutOptionsTest {
    /** Never created: build() only resolves the backend. */
    private static final BackendProvider NO_BACKEND = new BackendProvider() {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public Backend create(ImportConfig config) {
            throw new UnsupportedOperationException();
        }
    };

    private static ImportBuilder builder() {
        return ImportBuilder.create().source("/data").target("jdbc:mysql://127.0.0.1:1/", "u", "").backend(NO_BACKEND);
    }

    private static void assertInvalid(Runnable r, String option) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(ImportException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OPTION);
            assertThat(e.getMessage()).contains(option);
        });
    }

    @Test
    void defaultsAreLightningsAndValuesAreFrozen() {
        ImportConfig c = builder().build();
        assertThat(c.strictFormat()).isFalse();
        assertThat(c.maxRegionSize()).isEqualTo(256L * 1024 * 1024);
        assertThat(c.dataCharacterSet()).isEqualTo("binary");
        assertThat(c.dataInvalidCharReplace()).isEqualTo("\uFFFD");
        assertThat(c.characterSet()).isEqualTo("auto");
        assertThat(c.defaultFileRules()).isTrue();
        assertThat(c.fileRules()).isEmpty();

        ImportBuilder b = builder().strictFormat(true).maxRegionSize(4096).dataCharacterSet(" GBK ")
                .dataInvalidCharReplace(null).characterSet("GB18030").defaultFileRules(false)
                .fileRule("^x/(\\w+)\\.csv$", "db", "$1", "csv", null, null)
                .route("s*", "t*", "db", "t").ignoreColumns("db", "t", "c");
        ImportConfig frozen = b.build();
        b.route("a", "", "b", "");
        assertThat(frozen.strictFormat()).isTrue();
        assertThat(frozen.maxRegionSize()).isEqualTo(4096);
        assertThat(frozen.dataCharacterSet()).isEqualTo("gbk");
        assertThat(frozen.dataInvalidCharReplace()).isNull();
        assertThat(frozen.characterSet()).isEqualTo("gb18030");
        assertThat(frozen.fileRules()).containsExactly(new FileRule("^x/(\\w+)\\.csv$", null, "db", "$1", "csv",
                null, null));
        assertThat(frozen.routes()).containsExactly(new TableRoute("s*", "t*", "db", "t"));
        assertThat(frozen.ignoreColumns()).hasSize(1);
    }

    @Test
    void aPlainNameIsAnExactPathRule() {
        assertThat(builder().fileRule("dir/db.t.csv", "db", "t", "csv", null, null).build().fileRules().get(0).path())
                .isEqualTo("dir/db.t.csv");
    }

    @Test
    void badValuesNameTheirOption() {
        assertInvalid(() -> builder().maxRegionSize(10).build(), "max-region-size");
        assertInvalid(() -> builder().dataCharacterSet("big5").build(), "data-character-set");
        assertInvalid(() -> builder().characterSet("gbk").build(), "character-set");
        assertInvalid(() -> builder().fileRule("(unclosed", "db", "t", "csv", null, null).build(), "mydumper.files");
        assertInvalid(() -> builder().fileRule("x.csv", "db", null, "csv", null, null), "table is required");
        assertInvalid(() -> builder().fileRule("x.csv", "db", "t", "tsv", null, null), "unknown type");
        assertInvalid(() -> builder().route("", "t", "db", "t"), "schema-pattern");
        assertInvalid(() -> builder().ignoreColumns("db", "t"), "ignore-data-columns");
    }
}
