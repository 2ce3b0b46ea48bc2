package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ConflictStrategy;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportResult;
import dev.lightning4j.RowError;
import dev.lightning4j.TableName;
import dev.lightning4j.physical.model.PartitionInfo;
import dev.lightning4j.physical.model.TableInfo;
import dev.lightning4j.testing.TestingTidbStatus;
import dev.lightning4j.testing.tikv.Rpc;
import dev.lightning4j.testing.tikv.TestingTikvCluster;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.junit.jupiter.api.Test;

/**
 * Partitioned tables through the physical backend: MariaDB partitions the logical copy, {@link TestingTidbStatus}
 * describes the same partitioning in TiDB's table info, and every row the backend writes must sit under the
 * physical ID of the partition MariaDB chose for it ({@code SELECT ... PARTITION (p)}), record and index entries
 * alike.
 */
class PhysicalPartitionImportTest extends PhysicalImportFixture {
    private static final String RANGE = "CREATE TABLE `rng` (`id` int NOT NULL, `k` int DEFAULT NULL,"
            + " `note` varchar(20) COLLATE utf8mb4_bin DEFAULT NULL, PRIMARY KEY (`id`), KEY `k_k` (`k`))"
            + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin PARTITION BY RANGE (`id`)"
            + " (PARTITION `p0` VALUES LESS THAN (100), PARTITION `p1` VALUES LESS THAN (1000),"
            + " PARTITION `p2` VALUES LESS THAN (5000));";
    private static final String HASH = "CREATE TABLE `hsh` (`id` bigint NOT NULL, `grp` int NOT NULL,"
            + " `v` varchar(20) COLLATE utf8mb4_bin DEFAULT NULL, PRIMARY KEY (`id`,`grp`), KEY `k_v` (`v`))"
            + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin PARTITION BY HASH (`grp`) PARTITIONS 4;";
    private static final String LIST = "CREATE TABLE `lst` (`id` int NOT NULL, `region` int DEFAULT NULL,"
            + " `name` varchar(20) COLLATE utf8mb4_bin DEFAULT NULL, KEY `k_name` (`name`)) ENGINE=InnoDB"
            + " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin PARTITION BY LIST (`region`)"
            + " (PARTITION `pa` VALUES IN (1,2,NULL), PARTITION `pb` VALUES IN (3,4), PARTITION `pc` VALUES IN (5));";
    private static final String RANGE_COLUMNS = "CREATE TABLE `rcol` (`d` date NOT NULL,"
            + " `code` varchar(10) COLLATE utf8mb4_general_ci NOT NULL, `amount` decimal(10,2) DEFAULT NULL,"
            + " PRIMARY KEY (`d`,`code`), KEY `k_amount` (`amount`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"
            + " COLLATE=utf8mb4_bin PARTITION BY RANGE COLUMNS(`d`,`code`)"
            + " (PARTITION `a` VALUES LESS THAN ('2020-01-01','m'), PARTITION `b` VALUES LESS THAN ('2024-01-01',MAXVALUE),"
            + " PARTITION `c` VALUES LESS THAN (MAXVALUE,MAXVALUE));";
    private static final List<String> TABLES = List.of("rng", "hsh", "lst", "rcol");

    PhysicalPartitionImportTest() {
        super("it_partition");
    }

    private void export() {
        DumpFile.schema(dir, db, "rng", RANGE);
        DumpFile.schema(dir, db, "hsh", HASH);
        DumpFile.schema(dir, db, "lst", LIST);
        DumpFile.schema(dir, db, "rcol", RANGE_COLUMNS);
        List<String> rng = new ArrayList<>();
        List<String> hsh = new ArrayList<>();
        List<String> lst = new ArrayList<>();
        List<String> rcol = new ArrayList<>();
        String[] regions = {"1", "2", "3", "4", "5", "NULL"};
        String[] dates = {"2019-06-01", "2020-01-01", "2023-12-31", "2024-01-01", "2030-05-05"};
        String[] letters = {"a", "L", "M", "m", "z", "Zz"};
        for (int i = 1; i <= 120; i++) {
            // ids 41..4920 over all three ranges, 99/100 and 999/1000 on the bounds
            rng.add("(" + (i == 1 ? 99 : i == 2 ? 100 : i == 3 ? 999 : i == 4 ? 1000 : i * 41) + "," + (i % 9)
                    + ",'n" + i + "')");
            // negative, zero and positive hash values
            hsh.add("(" + i + "," + (i % 11 - 5) + ",'v" + (i % 6) + "')");
            lst.add("(" + i + "," + regions[i % regions.length] + ",'name" + (i % 4) + "')");
        }
        for (int i = 0; i < 60; i++) {
            rcol.add("('" + dates[i % dates.length] + "','" + letters[i % letters.length] + i + "',"
                    + (i % 7 == 0 ? "NULL" : i + ".25") + ")");
        }
        // exactly on the first bound (goes to b) and just below it, and case-insensitively equal to it
        rcol.add("('2020-01-01','m',1.00)");
        rcol.add("('2020-01-01','l',2.00)");
        rcol.add("('2019-12-31','zzz',3.00)");
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("rng", null, rng.toArray(new String[0]))
                .writeTo(dir, db + ".rng.000000000.sql");
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("hsh", null, hsh.toArray(new String[0]))
                .writeTo(dir, db + ".hsh.000000000.sql");
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("lst", null, lst.toArray(new String[0]))
                .writeTo(dir, db + ".lst.000000000.sql");
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("rcol", null, rcol.toArray(new String[0]))
                .writeTo(dir, db + ".rcol.000000000.sql");
    }

    private ImportBuilder physical() {
        return physicalImport(dir, db, sortDir).concurrency(2)
                .option("tikv-importer.region-split-size", "2KiB")
                .option("tikv-importer.region-split-keys", "40");
    }

    private String reference() {
        return logicalReference("it_partition_ref", ConflictStrategy.ERROR);
    }

    @Test
    void theStatusServerDescribesMariaDbPartitioningAsTiDbDoes() throws Exception {
        export();
        ItDb.execute(db, RANGE, HASH, LIST, RANGE_COLUMNS,
                "CREATE TABLE `ldef` (`id` int, `v` int) PARTITION BY LIST (`v` MOD 10) (PARTITION `x` VALUES IN (0, 1),"
                        + " PARTITION `dflt` DEFAULT)",
                "CREATE TABLE `lcol` (`s` varchar(5), `n` int) PARTITION BY LIST COLUMNS (`s`, `n`)"
                        + " (PARTITION `x` VALUES IN (('a',1),('b',NULL)), PARTITION `y` VALUES IN (('c',2)))",
                "CREATE TABLE `ky` (`id` int, `s` varchar(5)) PARTITION BY KEY (`id`, `s`) PARTITIONS 3",
                "CREATE TABLE `kpk` (`a` int NOT NULL, `b` varchar(5) NOT NULL, PRIMARY KEY (`a`, `b`))"
                        + " PARTITION BY KEY() PARTITIONS 2",
                "CREATE TABLE `plain` (`id` int)");
        TableInfo rng = tableInfo(db, "rng");
        assertThat(rng.partition().type()).isEqualTo(PartitionInfo.Type.RANGE);
        assertThat(rng.partition().expr()).isEqualTo("`id`");
        assertThat(rng.partition().definitions()).extracting(PartitionInfo.Definition::lessThan)
                .containsExactly(List.of("100"), List.of("1000"), List.of("5000"));
        assertThat(rng.physicalIds()).doesNotHaveDuplicates().doesNotContain(rng.id())
                .containsExactly(status.partitionId(db, "rng", "p0"), status.partitionId(db, "rng", "p1"),
                        status.partitionId(db, "rng", "p2"));
        // stable: asked again, the same IDs
        assertThat(tableInfo(db, "rng").physicalIds()).isEqualTo(rng.physicalIds());

        TableInfo hsh = tableInfo(db, "hsh");
        assertThat(hsh.partition().type()).isEqualTo(PartitionInfo.Type.HASH);
        assertThat(hsh.partition().definitions()).hasSize(4);

        TableInfo lst = tableInfo(db, "lst");
        assertThat(lst.partition().definitions()).extracting(PartitionInfo.Definition::inValues).containsExactly(
                List.of(List.of("NULL"), List.of("1"), List.of("2")), List.of(List.of("3"), List.of("4")),
                List.of(List.of("5")));

        TableInfo rcol = tableInfo(db, "rcol");
        assertThat(rcol.partition().columnsForm()).isTrue();
        assertThat(rcol.partition().columns()).containsExactly("d", "code");
        assertThat(rcol.partition().definitions()).extracting(PartitionInfo.Definition::lessThan).containsExactly(
                List.of("'2020-01-01'", "'m'"), List.of("'2024-01-01'", "MAXVALUE"), List.of("MAXVALUE", "MAXVALUE"));

        TableInfo ldef = tableInfo(db, "ldef");
        assertThat(ldef.partition().expr()).isEqualTo("`v` % 10");
        assertThat(ldef.partition().definitions().get(1).inValues()).containsExactly(List.of("DEFAULT"));

        TableInfo lcol = tableInfo(db, "lcol");
        assertThat(lcol.partition().type()).isEqualTo(PartitionInfo.Type.LIST);
        assertThat(lcol.partition().definitions().get(0).inValues())
                .containsExactly(List.of("'a'", "1"), List.of("'b'", "NULL"));

        TableInfo ky = tableInfo(db, "ky");
        assertThat(ky.partition().type()).isEqualTo(PartitionInfo.Type.KEY);
        assertThat(ky.partition().columns()).containsExactly("id", "s");
        assertThat(ky.partition().expr()).isEmpty();

        assertThat(tableInfo(db, "kpk").partition().columns())
                .containsExactly("a", "b");

        assertThat(tableInfo(db, "plain").partition()).isNull();
    }

    @Test
    void everyRowSitsUnderThePartitionMariaDbPutItIn() throws Exception {
        export();
        ImportResult r = physical().run();
        String ref = reference();

        for (String table : TABLES) {
            assertPlacedAsMariaDbPlacesIt(ref, table, r);
        }
        // post-restore checksum (required) compared the local sums with TiKV's over every partition, and agreed
        assertThat(cluster.requests(Rpc.COPROCESSOR)).isGreaterThanOrEqualTo(TABLES.size());
    }

    @Test
    void expressionsDefaultPartitionsAndListColumnsPlaceRowsAsMariaDbDoes() throws Exception {
        String listDefault = "CREATE TABLE `ldef` (`id` int NOT NULL, `v` int DEFAULT NULL, KEY `k_v` (`v`))"
                + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin PARTITION BY LIST (`v` MOD 10)"
                + " (PARTITION `x` VALUES IN (0,1,2), PARTITION `y` VALUES IN (3,-3), PARTITION `dflt` DEFAULT);";
        String listColumns = "CREATE TABLE `lcol` (`id` int NOT NULL, `s` varchar(5) COLLATE utf8mb4_bin DEFAULT NULL,"
                + " `n` int DEFAULT NULL, KEY `k_s` (`s`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"
                + " PARTITION BY LIST COLUMNS(`s`,`n`) (PARTITION `x` VALUES IN (('a',1),('b',NULL),('c',2)),"
                + " PARTITION `y` VALUES IN (('a',2),('d',1)));";
        String rangeYear = "CREATE TABLE `ryear` (`id` int NOT NULL, `d` date NOT NULL, PRIMARY KEY (`id`,`d`),"
                + " KEY `k_d` (`d`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"
                + " PARTITION BY RANGE (YEAR(`d`)) (PARTITION `a` VALUES LESS THAN (2000),"
                + " PARTITION `b` VALUES LESS THAN (2020), PARTITION `c` VALUES LESS THAN MAXVALUE);";
        String hashDiv = "CREATE TABLE `hdiv` (`id` int NOT NULL, `v` varchar(10) COLLATE utf8mb4_bin DEFAULT NULL,"
                + " PRIMARY KEY (`id`), KEY `k_v` (`v`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"
                + " PARTITION BY HASH (`id` DIV 3) PARTITIONS 5;";
        DumpFile.schema(dir, db, "ldef", listDefault);
        DumpFile.schema(dir, db, "lcol", listColumns);
        DumpFile.schema(dir, db, "ryear", rangeYear);
        DumpFile.schema(dir, db, "hdiv", hashDiv);
        List<String> ldef = new ArrayList<>();
        List<String> lcol = new ArrayList<>();
        List<String> ryear = new ArrayList<>();
        List<String> hdiv = new ArrayList<>();
        String[][] tuples = {{"'a'", "1"}, {"'b'", "NULL"}, {"'c'", "2"}, {"'a'", "2"}, {"'d'", "1"}};
        for (int i = 0; i < 80; i++) {
            // negative values (MOD keeps the sign: -3 lists, -7 goes to the default), NULL to the default
            ldef.add("(" + i + "," + (i % 9 == 0 ? "NULL" : Integer.toString((i % 2 == 0 ? -1 : 1) * (i * 7 % 23)))
                    + ")");
            String[] t = tuples[i % tuples.length];
            lcol.add("(" + i + "," + t[0] + "," + t[1] + ")");
            ryear.add("(" + i + ",'" + (1990 + i % 40) + "-0" + (1 + i % 9) + "-1" + (i % 10) + "')");
            hdiv.add("(" + (i * 13 - 400) + ",'h" + (i % 5) + "')");
        }
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("ldef", null, ldef.toArray(new String[0]))
                .writeTo(dir, db + ".ldef.000000000.sql");
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("lcol", null, lcol.toArray(new String[0]))
                .writeTo(dir, db + ".lcol.000000000.sql");
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("ryear", null, ryear.toArray(new String[0]))
                .writeTo(dir, db + ".ryear.000000000.sql");
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("hdiv", null, hdiv.toArray(new String[0]))
                .writeTo(dir, db + ".hdiv.000000000.sql");

        ImportResult r = physical().run();
        String ref = reference();
        for (String table : List.of("ldef", "lcol", "ryear", "hdiv")) {
            assertPlacedAsMariaDbPlacesIt(ref, table, r);
        }
    }

    @Test
    void nullsUnsignedValuesAndCollationsPlaceRowsAsMariaDbDoes() throws Exception {
        Map<String, String> schemas = new java.util.LinkedHashMap<>();
        Map<String, List<String>> rows = new java.util.LinkedHashMap<>();
        schemas.put("rnull", "CREATE TABLE `rnull` (`id` int NOT NULL, `v` int DEFAULT NULL, KEY `k_v` (`v`))"
                + " ENGINE=InnoDB PARTITION BY RANGE (`v`) (PARTITION `p0` VALUES LESS THAN (0),"
                + " PARTITION `p1` VALUES LESS THAN (100), PARTITION `pmax` VALUES LESS THAN MAXVALUE);");
        rows.put("rnull", List.of("(1,NULL)", "(2,-5)", "(3,0)", "(4,99)", "(5,100)", "(6,2147483647)", "(7,NULL)"));
        schemas.put("rcdt", "CREATE TABLE `rcdt` (`id` int NOT NULL, `dt` datetime DEFAULT NULL, KEY `k_dt` (`dt`))"
                + " ENGINE=InnoDB PARTITION BY RANGE COLUMNS(`dt`) (PARTITION `a` VALUES LESS THAN"
                + " ('2020-01-01 12:00:00'), PARTITION `b` VALUES LESS THAN (MAXVALUE));");
        rows.put("rcdt", List.of("(1,NULL)", "(2,'2020-01-01 11:59:59')", "(3,'2020-01-01 12:00:00')",
                "(4,'1000-01-01 00:00:00')", "(5,'9999-12-31 23:59:59')"));
        schemas.put("hunsigned", "CREATE TABLE `hunsigned` (`id` bigint unsigned NOT NULL, `v` int DEFAULT NULL,"
                + " PRIMARY KEY (`id`), KEY `k_v` (`v`)) ENGINE=InnoDB PARTITION BY HASH (`id`) PARTITIONS 7;");
        List<String> h = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            h.add("(" + Long.toUnsignedString(-1L - i * 1_000_003L) + "," + i + ")");
            h.add("(" + (i * 3) + "," + i + ")");
            h.add("(" + Long.toUnsignedString(Long.MIN_VALUE + i) + "," + i + ")");
        }
        rows.put("hunsigned", h);
        schemas.put("runsigned", "CREATE TABLE `runsigned` (`id` bigint unsigned NOT NULL, PRIMARY KEY (`id`),"
                + " `v` int DEFAULT NULL, KEY `k_v` (`v`)) ENGINE=InnoDB PARTITION BY RANGE (`id`)"
                + " (PARTITION `lo` VALUES LESS THAN (9223372036854775808),"
                + " PARTITION `hi` VALUES LESS THAN (18446744073709551615), PARTITION `top` VALUES LESS THAN MAXVALUE);");
        rows.put("runsigned", List.of("(0,1)", "(9223372036854775807,2)", "(9223372036854775808,3)",
                "(18446744073709551614,4)", "(18446744073709551615,5)"));
        schemas.put("lcolci", "CREATE TABLE `lcolci` (`id` int NOT NULL, `s` varchar(5) COLLATE utf8mb4_general_ci"
                + " DEFAULT NULL, KEY `k_s` (`s`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 PARTITION BY LIST COLUMNS(`s`)"
                + " (PARTITION `x` VALUES IN ('a','b'), PARTITION `y` VALUES IN ('c',NULL));");
        rows.put("lcolci", List.of("(1,'a')", "(2,'A')", "(3,'b ')", "(4,'C')", "(5,NULL)", "(6,'c')"));
        for (Map.Entry<String, String> e : schemas.entrySet()) {
            DumpFile.schema(dir, db, e.getKey(), e.getValue());
            new DumpFile().text(DumpFile.DUMPLING_HEADER).insert(e.getKey(), null,
                    rows.get(e.getKey()).toArray(new String[0])).writeTo(dir, db + "." + e.getKey() + ".000000000.sql");
        }

        ImportResult r = physical().run();
        String ref = reference();
        for (String table : schemas.keySet()) {
            assertPlacedAsMariaDbPlacesIt(ref, table, r);
        }
    }

    @Test
    void aRowThatFitsNoPartitionIsARowErrorNamingTableAndValue() throws Exception {
        export();
        String ref = reference();
        // Rows no partition takes: an id above the last RANGE bound, a region no LIST partition lists.
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("rng", null, "(7777,1,'beyond')")
                .writeTo(dir, db + ".rng.000000001.sql");
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("lst", null, "(500,9,'nowhere')")
                .writeTo(dir, db + ".lst.000000001.sql");

        assertThatThrownBy(() -> physical().maxErrors(1).run()).isInstanceOf(ImportException.class)
                .satisfies(e -> assertThat(((ImportException) e).code()).as(e.toString())
                        .isEqualTo(ErrorCode.TOO_MANY_ERRORS))
                .hasMessageContaining("no partition");

        cluster.close();
        cluster = TestingTikvCluster.start();
        List<RowError> rejected = Collections.synchronizedList(new ArrayList<>());
        physical().maxErrors(2).listener(rowsSkippedInto(rejected)).run();
        assertThat(rejected).hasSize(2);
        assertThat(rejected).extracting(RowError::table)
                .containsExactlyInAnyOrder(new TableName(db, "rng"), new TableName(db, "lst"));
        assertThat(rejected).extracting(RowError::file)
                .containsExactlyInAnyOrder(db + ".rng.000000001.sql", db + ".lst.000000001.sql");
        for (RowError e : rejected) {
            assertThat(e.reason()).contains("no partition").contains(e.table().table())
                    .contains(e.table().table().equals("rng") ? "7777" : "9");
        }
        // The other rows are all there, each in its partition.
        for (String table : TABLES) {
            TableInfo info = tableInfo(db, table);
            for (PartitionInfo.Definition p : info.partition().definitions()) {
                assertThat(storedRows(info, p.id()))
                        .as(table + " partition " + p.name())
                        .containsExactlyInAnyOrderElementsOf(StoredPairs.sqlRows(ref, table, p.name(), info));
            }
        }
    }

    /**
     * Every partition of {@code table} holds, record and index entries alike, exactly the rows MariaDB put in
     * that partition of the reference copy; TiKV's checksum over each partition agrees with the stored pairs.
     */
    private void assertPlacedAsMariaDbPlacesIt(String ref, String table, ImportResult r) throws Exception {
        TableInfo info = tableInfo(db, table);
        assertThat(info.isPartitioned()).as(table).isTrue();
        NavigableMap<byte[], byte[]> stored = cluster.stored();
        // Nothing under the logical table ID: TiDB reads a partitioned table only through its partitions.
        byte[] logical = StoredPairs.tablePrefix(info.id());
        assertThat(stored.subMap(logical, true, StoredPairs.next(logical), false)).as(table).isEmpty();
        long total = 0;
        for (PartitionInfo.Definition p : info.partition().definitions()) {
            List<List<String>> expected = StoredPairs.sqlRows(ref, table, p.name(), info);
            assertThat(expected).as(table + " partition " + p.name() + " holds rows in MariaDB").isNotEmpty();
            assertThat(StoredPairs.decodedRows(stored, info, p.id())).as(table + " partition " + p.name())
                    .containsExactlyInAnyOrderElementsOf(expected);
            StoredPairs.assertOneEntryPerRowInEveryIndex(stored, info, p.id(), expected.size(),
                    table + " partition " + p.name());
            // TiKV's checksum over the partition equals one computed here over the pairs stored under it.
            assertChecksumAgrees(StoredPairs.tablePrefix(p.id()), StoredPairs.tablePrefix(p.id() + 1),
                    table + " partition " + p.name());
            total += expected.size();
        }
        assertThat(ItDb.count("`" + ref + "`.`" + table + "`")).isEqualTo(total);
        assertThat(r.table(db, table).rows()).as(table).isEqualTo(total);
    }
}
