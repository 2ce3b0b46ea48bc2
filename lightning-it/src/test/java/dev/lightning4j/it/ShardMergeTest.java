package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.FileRule;
import dev.lightning4j.ImportResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two shards (a Dumpling SQL export and a flat CSV layout routed by a custom file rule) merged by a route into
 * one target table, created once; ignored source columns are dropped: one the target has (its default fills it),
 * one it lacks (the source names it, the target never sees it).
 */
class ShardMergeTest {
    private static final String SHARD = "CREATE TABLE `%s` (`id` bigint NOT NULL, `item` varchar(40) NOT NULL, "
            + "`secret` varchar(40) NOT NULL DEFAULT 'hidden', PRIMARY KEY (`id`)) DEFAULT CHARSET=utf8mb4;";

    @TempDir
    static Path dir;
    static String target;
    static String s1;
    static String s2;
    static ImportResult result;

    @BeforeAll
    static void mergeShards() throws IOException {
        target = ItDb.SERVER.createDatabase("it_merged");
        ItDb.execute(null, "DROP DATABASE `" + target + "`"); // the import creates it from a shard's schema file
        s1 = target + "_s1";
        s2 = target + "_s2";
        DumpFile.schemaCreate(dir, s1);
        DumpFile.schemaCreate(dir, s2);
        DumpFile.schema(dir, s1, "orders_1", String.format(SHARD, "orders_1"));
        DumpFile.schema(dir, s2, "orders_2", String.format(SHARD, "orders_2"));
        Files.writeString(dir.resolve(s1 + ".orders_1.000000001.sql"), "INSERT INTO `orders_1` (`id`,`item`,`secret`,"
                + "`extra`) VALUES (1,'apple','pw1','e1'),(2,'pear','pw2','e2');\n");
        Files.createDirectories(dir.resolve("flat"));
        Files.writeString(dir.resolve("flat/shard2-orders-part7.txt"),
                "secret,id,extra,item\npw3,3,e3,plum\npw4,4,e4,fig\n");
        result = dev.lightning4j.ImportBuilder.create().source(dir)
                .target(ItDb.SERVER.jdbcUrl(), ItDb.SERVER.user(), ItDb.SERVER.password())
                .filter(s1 + ".*", s2 + ".*")
                .fileRule(FileRule.pattern("^flat/shard(\\d)-(\\w+)-part(\\d+)\\.txt$", target + "_s$1", "${2}_$1",
                        "csv").withKey("$3"))
                .route(target + "_s?", "orders_*", target, "orders")
                .ignoreColumns(target, "ord*", "SECRET", "extra")
                .run();
    }

    @Test
    void bothShardsLandInOneTableAndTheIgnoredColumnTakesItsDefault() {
        assertThat(ItDb.rows("SELECT id, item, secret FROM `" + target + "`.orders ORDER BY id")).containsExactly(
                List.of("1", "apple", "hidden"), List.of("2", "pear", "hidden"), List.of("3", "plum", "hidden"),
                List.of("4", "fig", "hidden"));
        assertThat(result.tables()).hasSize(1);
        assertThat(result.table(target, "orders").rows()).isEqualTo(4);
        assertThat(result.table(target, "orders").chunks()).isEqualTo(2);
    }

    @Test
    void onlyTheTargetIsCreated() {
        assertThat(ItDb.tables(target)).containsExactly("orders");
        assertThat(ItDb.longValue("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name IN ('" + s1
                + "', '" + s2 + "')")).isZero();
    }
}
