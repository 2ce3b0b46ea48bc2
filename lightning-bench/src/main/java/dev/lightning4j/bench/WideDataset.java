package dev.lightning4j.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A TPC-C {@code customer}-like table with many column types, chosen to exercise value conversion and
 * escaping: signed integers of several widths, DECIMAL, text with quotes, backslashes, commas, newlines,
 * the literal text {@code \N} and multi-byte UTF-8 (up to 4-byte emoji), DATETIME, DATE, nullable
 * columns that hold NULLs, and a BLOB of arbitrary bytes.
 */
final class WideDataset implements Dataset {
    private static final List<String> COLUMNS = List.of("c_id", "c_w_id", "c_big", "c_first", "c_last", "c_city",
            "c_credit", "c_credit_lim", "c_balance", "c_discount", "c_since", "c_birth", "c_active", "c_data",
            "c_photo");
    private static final byte[][] FIRST = utf8("Alice", "Bob", "Zoë", "José", "François", "Jürgen", "Søren",
            "Łukasz", "Ana María", "Nguyễn", "李", "さくら", "Ольга", "Mc'Neil", "Ann-Marie");
    private static final byte[][] LAST = utf8("O'Brien", "D'Angelo", "Back\\slash", "Smith", "Müller",
            "Quote\"Mark", "Ng", "王", "García", "Đặng", "Comma, Jr.", "\\N", "Tab\tName", "😀Emoji", "NULL",
            "Semi;colon", "Paren)(s");
    private static final byte[][] CITY = utf8("São Paulo", "Kraków", "東京", "Zürich", "New\nYork", "Reykjavík",
            "O'Fallon", "Carriage\rReturn", "Back\\N", "Zero\0Byte", "Ctrl\u001aZ", "Berlin");
    private static final byte[][] WORDS = utf8("lorem", "ipsum", "dolor", "sit", "amet,", "consectetur",
            "adipiscing", "elit.", "it's", "\"quoted\"", "back\\slash", "tab\there", "line\nbreak", "naïve",
            "façade", "日本語", "😀", "x'00'", "),(", "';--", "\\N", "100%", "über");
    private static final byte[][] CREDIT = utf8("GC", "BC");

    private static final long SINCE_MIN = 946_684_800L;   // 2000-01-01 00:00:00 UTC
    private static final long SINCE_MAX = 1_735_689_600L; // 2025-01-01 00:00:00 UTC
    private static final long BIRTH_MIN = -10_957L;       // 1940-01-01
    private static final long BIRTH_MAX = 13_149L;        // 2006-01-01
    private static final int DATA_MAX_BYTES = 480;        // below varchar(500) even when every byte is a char
    private static final int PHOTO_MAX_BYTES = 64;

    @Override
    public String name() {
        return "wide";
    }

    @Override
    public String database() {
        return "wide";
    }

    @Override
    public List<TableSpec> tables(int count) {
        List<TableSpec> tables = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String name = count == 1 ? "customer" : "customer" + i;
            tables.add(new TableSpec(name, COLUMNS, "CREATE TABLE `" + name + "` (\n"
                    + "  `c_id` int NOT NULL,\n"
                    + "  `c_w_id` smallint NOT NULL,\n"
                    + "  `c_big` bigint NOT NULL,\n"
                    + "  `c_first` varchar(32) NOT NULL,\n"
                    + "  `c_last` varchar(64) NOT NULL,\n"
                    + "  `c_city` varchar(64) DEFAULT NULL,\n"
                    + "  `c_credit` char(2) NOT NULL,\n"
                    + "  `c_credit_lim` decimal(12,2) NOT NULL,\n"
                    + "  `c_balance` decimal(12,2) DEFAULT NULL,\n"
                    + "  `c_discount` decimal(4,4) NOT NULL,\n"
                    + "  `c_since` datetime NOT NULL,\n"
                    + "  `c_birth` date DEFAULT NULL,\n"
                    + "  `c_active` tinyint(1) NOT NULL,\n"
                    + "  `c_data` varchar(500) NOT NULL,\n"
                    + "  `c_photo` blob DEFAULT NULL,\n"
                    + "  PRIMARY KEY (`c_id`),\n"
                    + "  KEY `idx_w_last` (`c_w_id`,`c_last`)\n"
                    + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"));
        }
        return tables;
    }

    @Override
    public int defaultTables() {
        return 1;
    }

    @Override
    public int estimatedRowBytes() {
        return 440;
    }

    @Override
    public RowSource rows(TableSpec table, SplittableRandom random, long estimatedRows) {
        ByteSink text = new ByteSink(DATA_MAX_BYTES + 64);
        byte[] photo = new byte[PHOTO_MAX_BYTES];
        return (id, enc) -> {
            enc.beginRow();
            enc.integer(id);
            enc.integer(random.nextInt(1, 1001));
            enc.integer(random.nextLong());
            enc.string(pick(random, FIRST));
            enc.string(pick(random, LAST));
            if (random.nextInt(100) < 15) {
                enc.nullValue();
            } else {
                enc.string(pick(random, CITY));
            }
            enc.string(pick(random, CREDIT));
            enc.decimal(random.nextLong(1_000_000_000_000L), 2);
            if (random.nextInt(100) < 10) {
                enc.nullValue();
            } else {
                enc.decimal(random.nextLong(-100_000_000_000L, 100_000_000_000L), 2);
            }
            enc.decimal(random.nextInt(10_000), 4);
            enc.datetime(random.nextLong(SINCE_MIN, SINCE_MAX));
            if (random.nextInt(100) < 20) {
                enc.nullValue();
            } else {
                enc.date(random.nextLong(BIRTH_MIN, BIRTH_MAX));
            }
            enc.integer(random.nextInt(2));
            sentence(random, text);
            enc.string(text.array(), 0, text.length());
            if (random.nextInt(100) < 25) {
                enc.nullValue();
            } else {
                int n = random.nextInt(PHOTO_MAX_BYTES + 1);
                for (int i = 0; i < n; i++) {
                    photo[i] = (byte) random.nextInt(256);
                }
                enc.binary(photo, 0, n);
            }
            enc.endRow();
        };
    }

    /** Words joined by spaces, 20 to {@link #DATA_MAX_BYTES} bytes. */
    private static void sentence(SplittableRandom random, ByteSink into) {
        into.reset();
        int want = random.nextInt(20, DATA_MAX_BYTES + 1);
        while (true) {
            byte[] word = pick(random, WORDS);
            int extra = (into.length() == 0 ? 0 : 1) + word.length;
            if (into.length() + extra > want) {
                return;
            }
            if (into.length() > 0) {
                into.put(' ');
            }
            into.put(word);
        }
    }

    private static byte[] pick(SplittableRandom random, byte[][] pool) {
        return pool[random.nextInt(pool.length)];
    }

    private static byte[][] utf8(String... values) {
        byte[][] out = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }
}
