package dev.lightning4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * sysbench's {@code oltp} tables {@code sbtest1..N}: a sequential id, a random k in 1..rows, and c / pad
 * made of dash-separated groups of 11 random digits (119 and 59 characters, as sysbench fills them).
 */
final class SbtestDataset implements Dataset {
    private static final int C_GROUPS = 10;
    private static final int PAD_GROUPS = 5;
    private static final long ELEVEN_DIGITS = 100_000_000_000L;

    @Override
    public String name() {
        return "sbtest";
    }

    @Override
    public String database() {
        return "sbtest";
    }

    @Override
    public List<TableSpec> tables(int count) {
        List<TableSpec> tables = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String name = "sbtest" + i;
            tables.add(new TableSpec(name, List.of("id", "k", "c", "pad"), "CREATE TABLE `" + name + "` (\n"
                    + "  `id` int NOT NULL,\n"
                    + "  `k` int NOT NULL DEFAULT '0',\n"
                    + "  `c` char(120) NOT NULL DEFAULT '',\n"
                    + "  `pad` char(60) NOT NULL DEFAULT '',\n"
                    + "  PRIMARY KEY (`id`),\n"
                    + "  KEY `k_1` (`k`)\n"
                    + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"));
        }
        return tables;
    }

    @Override
    public int defaultTables() {
        return 4;
    }

    @Override
    public int estimatedRowBytes() {
        return 195;
    }

    @Override
    public RowSource rows(TableSpec table, SplittableRandom random, long estimatedRows) {
        long maxK = Math.max(1, estimatedRows);
        ByteSink c = new ByteSink(C_GROUPS * 12);
        ByteSink pad = new ByteSink(PAD_GROUPS * 12);
        return (id, enc) -> {
            enc.beginRow();
            enc.integer(id);
            enc.integer(random.nextLong(1, maxK + 1));
            byte[] cb = groups(random, c, C_GROUPS);
            enc.string(cb, 0, c.length());
            byte[] pb = groups(random, pad, PAD_GROUPS);
            enc.string(pb, 0, pad.length());
            enc.endRow();
        };
    }

    private static byte[] groups(SplittableRandom random, ByteSink into, int groups) {
        into.reset();
        for (int g = 0; g < groups; g++) {
            if (g > 0) {
                into.put('-');
            }
            into.padded(random.nextLong(ELEVEN_DIGITS), 11);
        }
        return into.array();
    }
}
