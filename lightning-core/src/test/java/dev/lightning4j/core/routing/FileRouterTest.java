package dev.lightning4j.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.spi.StorageFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The router names files as TiDB Lightning's default Dumpling / mydumper rules do. */
class FileRouterTest {
    private final FileRouter router = new FileRouter();

    private RoutedFile route(String path) {
        return router.route(new StorageFile(path, 123));
    }

    @Test
    void databaseSchemaFile() {
        RoutedFile r = route("shop-schema-create.sql");
        assertThat(r.type()).isEqualTo(FileType.SCHEMA_SCHEMA);
        assertThat(r.schema()).isEqualTo("shop");
        assertThat(r.table()).isNull();
        assertThat(r.compression()).isNull();
        assertThat(r.path()).isEqualTo("shop-schema-create.sql");
        assertThat(r.size()).isEqualTo(123);
    }

    @Test
    void tableSchemaFile() {
        RoutedFile r = route("shop.orders-schema.sql");
        assertThat(r.type()).isEqualTo(FileType.TABLE_SCHEMA);
        assertThat(r.schema()).isEqualTo("shop");
        assertThat(r.table()).isEqualTo("orders");
        assertThat(r.format()).isNull();
    }

    @Test
    void viewSchemaFile() {
        RoutedFile r = route("shop.v_totals-schema-view.sql");
        assertThat(r.type()).isEqualTo(FileType.VIEW_SCHEMA);
        assertThat(r.schema()).isEqualTo("shop");
        assertThat(r.table()).isEqualTo("v_totals");
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop.orders-schema-trigger.sql", "shop.orders-schema-post.sql",
            "shop.orders-schema-trigger.sql.gz", "dir/shop.orders-schema-post.sql.zst", "SHOP.ORDERS-SCHEMA-TRIGGER.SQL",
            "shop.orders.sql.bak", "shop.orders.000000001.csv.gz.bak", "shop.orders-schema.sql.BAK", "metadata",
            "dir/metadata", "shop.orders.txt", "shop.orders.sql.", "readme", "shop.sql", "a/b/c"})
    void ignoredFiles(String path) {
        RoutedFile r = route(path);
        assertThat(r.type()).isEqualTo(FileType.IGNORE);
        assertThat(r.schema()).isNull();
        assertThat(r.path()).isEqualTo(path);
    }

    @Test
    void plainDataFile() {
        RoutedFile r = route("shop.orders.sql");
        assertThat(r.type()).isEqualTo(FileType.DATA);
        assertThat(r.schema()).isEqualTo("shop");
        assertThat(r.table()).isEqualTo("orders");
        assertThat(r.format()).isEqualTo("sql");
        assertThat(r.sortKey()).isEmpty();
        assertThat(r.compression()).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "shop.orders.000000001.sql, shop, orders, sql, 000000001,",
            "shop.orders.csv, shop, orders, csv, ,",
            "shop.orders.parquet, shop, orders, parquet, ,",
            "shop.orders.sql.gz, shop, orders, sql, , gz",
            "shop.orders.sql.gzip, shop, orders, sql, , gzip",
            "shop.orders.csv.zst, shop, orders, csv, , zst",
            "shop.orders.csv.zstd, shop, orders, csv, , zstd",
            "shop.orders.000000002.sql.snappy, shop, orders, sql, 000000002, snappy",
            "SHOP.ORDERS.00001.CSV.GZ, SHOP, ORDERS, csv, 00001, gz",
            "shop.orders.Sql, shop, orders, sql, ,",
            "export/2024/shop/shop.orders.7.csv, shop, orders, csv, 7,",
            // the table group is lazy: dots stay in the table name, a trailing number is the key
            "shop.orders.part.001.sql, shop, orders.part, sql, 001,",
            "shop.orders.part.sql, shop, orders.part, sql, ,",
            "shop.a.b.c.csv.gz, shop, a.b.c, csv, , gz",
            "shop.t2024.sql, shop, t2024, sql, ,",
            // parquet files named with their internal page compression
            "shop.orders.0001.snappy.parquet, shop, orders, parquet, 0001,",
            "shop.orders.0002.zst.parquet, shop, orders, parquet, 0002,",
    })
    void dataFiles(String path, String schema, String table, String format, String key, String compression) {
        RoutedFile r = route(path);
        assertThat(r.type()).isEqualTo(FileType.DATA);
        assertThat(r.schema()).isEqualTo(schema);
        assertThat(r.table()).isEqualTo(table);
        assertThat(r.format()).isEqualTo(format);
        assertThat(r.sortKey()).isEqualTo(key == null ? "" : key);
        assertThat(r.compression()).isEqualTo(compression);
        assertThat(r.path()).isEqualTo(path);
    }

    @Test
    void schemaFilesInSubDirectoriesAndUpperCase() {
        RoutedFile db = route("a/b/SHOP-SCHEMA-CREATE.SQL");
        assertThat(db.type()).isEqualTo(FileType.SCHEMA_SCHEMA);
        assertThat(db.schema()).isEqualTo("SHOP");
        RoutedFile t = route("a/shop.Orders-Schema.Sql");
        assertThat(t.type()).isEqualTo(FileType.TABLE_SCHEMA);
        assertThat(t.table()).isEqualTo("Orders");
        RoutedFile v = route("x/shop.v-SCHEMA-VIEW.sql");
        assertThat(v.type()).isEqualTo(FileType.VIEW_SCHEMA);
    }

    @Test
    void compressedSchemaFilesAreSchemaFilesNotData() {
        RoutedFile db = route("shop-schema-create.sql.gz");
        assertThat(db.type()).isEqualTo(FileType.SCHEMA_SCHEMA);
        assertThat(db.schema()).isEqualTo("shop");
        assertThat(db.compression()).isEqualTo("gz");
        RoutedFile t = route("shop.orders-schema.sql.zst");
        assertThat(t.type()).isEqualTo(FileType.TABLE_SCHEMA);
        assertThat(t.table()).isEqualTo("orders");
        assertThat(t.compression()).isEqualTo("zst");
        RoutedFile v = route("shop.v-schema-view.sql.GZ");
        assertThat(v.type()).isEqualTo(FileType.VIEW_SCHEMA);
        assertThat(v.table()).isEqualTo("v");
        assertThat(v.compression()).isEqualTo("gz");
    }

    @Test
    void tableNamesMayEndInSchemaLikeText() {
        // `-schema` only counts right before .sql; this is data of the table `t-schema-x`
        RoutedFile r = route("shop.t-schema-x.sql");
        assertThat(r.type()).isEqualTo(FileType.DATA);
        assertThat(r.table()).isEqualTo("t-schema-x");
        // a table schema file of a table whose name has dots
        RoutedFile s = route("shop.a.b-schema.sql");
        assertThat(s.type()).isEqualTo(FileType.TABLE_SCHEMA);
        assertThat(s.table()).isEqualTo("a.b");
    }

    @Test
    void urlEscapedNamesAreUnescaped() {
        RoutedFile r = route("db%2Ewith%2Edots.t%60x-schema.sql");
        assertThat(r.type()).isEqualTo(FileType.TABLE_SCHEMA);
        assertThat(r.schema()).isEqualTo("db.with.dots");
        assertThat(r.table()).isEqualTo("t`x");

        RoutedFile d = route("db%2ewith%2edots.t%2Fslash.000000001.sql");
        assertThat(d.schema()).isEqualTo("db.with.dots");
        assertThat(d.table()).isEqualTo("t/slash");
        assertThat(d.sortKey()).isEqualTo("000000001");

        // multi-byte UTF-8 sequences and a literal + (PathUnescape keeps +)
        RoutedFile u = route("caf%C3%A9-schema-create.sql");
        assertThat(u.schema()).isEqualTo("café");
        assertThat(route("a+b.c.sql").schema()).isEqualTo("a+b");
        // names without escapes that are already UTF-8
        assertThat(route("日本.表.csv").table()).isEqualTo("表");
    }

    @ParameterizedTest
    @ValueSource(strings = {"db%zz.t.sql", "db.t%4.sql", "db.t%-schema.sql", "db%-schema-create.sql"})
    void invalidEscapeIsAnErrorNamingTheFile(String path) {
        assertThatThrownBy(() -> route(path)).isInstanceOfSatisfying(ImportException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_READ);
            assertThat(e.file()).isEqualTo(path);
            assertThat(e.getMessage()).contains(path).contains("%");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop.orders.sql.bz2", "shop.orders.000000001.csv.xz", "shop.orders.csv.lz4",
            "shop.orders-schema.sql.bz2", "shop-schema-create.sql.7z"})
    void unknownCompressionIsAnErrorNamingTheFile(String path) {
        assertThatThrownBy(() -> route(path)).isInstanceOfSatisfying(ImportException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_READ);
            assertThat(e.file()).isEqualTo(path);
            assertThat(e.getMessage()).contains(path).contains(path.substring(path.lastIndexOf('.')));
        });
    }

    @Test
    void wholeFileCompressedParquetIsAnError() {
        // Lightning refuses it: parquet compresses its pages itself
        assertThatThrownBy(() -> route("shop.orders.parquet.gz")).isInstanceOfSatisfying(ImportException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_READ);
                    assertThat(e.file()).isEqualTo("shop.orders.parquet.gz");
                    assertThat(e.getMessage()).containsIgnoringCase("parquet");
                });
    }
}
