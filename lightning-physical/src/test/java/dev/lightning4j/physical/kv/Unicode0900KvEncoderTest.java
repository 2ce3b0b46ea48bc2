package dev.lightning4j.physical.kv;

import static dev.lightning4j.physical.kv.KvPairAssertions.assertPair;
import static dev.lightning4j.physical.kv.KvPairAssertions.indexPair;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.physical.codec.Collation;
import dev.lightning4j.physical.codec.Collations;
import dev.lightning4j.physical.codec.Datum;
import dev.lightning4j.physical.codec.Hex;
import dev.lightning4j.physical.model.ColumnInfo;
import dev.lightning4j.physical.model.ColumnType;
import dev.lightning4j.physical.model.FieldType;
import dev.lightning4j.physical.model.IndexColumn;
import dev.lightning4j.physical.model.IndexInfo;
import dev.lightning4j.physical.model.TableInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Index and record pairs over utf8mb4_0900_ai_ci columns: the layouts of TiKV's captures for
 * utf8mb4_unicode_ci columns ({@link TableKvEncoderGoldenTest}) with UCA 9.0.0 keys, NO PAD, and the
 * original string as restored data (a 0900_ai_ci column always needs it, as any non-_bin collation).
 */
class Unicode0900KvEncoderTest {
    private static final Collation AI_CI = Collations.UTF8MB4_0900_AI_CI;
    /** Memcomparable key of "A ": weights 1C47 0209 in one 8-byte group padded by 4 (marker 0xFB). */
    private static final String A_SPACE = "01 1c 47 02 09 00 00 00 00 fb";

    /** t(a int, c varchar(10) utf8mb4_0900_ai_ci) with i_c (3) and unique u_c (7); row (1, "A "), handle 1. */
    @Test
    void intHandleVarcharIndexes() {
        TableInfo t = new TableInfo(0x3d, "t", List.of(
                ColumnInfo.of(1, "a", 0, FieldType.of(ColumnType.INT)),
                ColumnInfo.of(3, "c", 1, FieldType.string(ColumnType.VARCHAR, 10, AI_CI))),
                List.of(new IndexInfo(3, "i_c", List.of(IndexColumn.full(1)), false, false),
                        new IndexInfo(7, "u_c", List.of(IndexColumn.full(1)), true, false)),
                false, false);
        TableKvEncoder enc = new TableKvEncoder(t, true);
        String p = "74 80 00 00 00 00 00 00 3d 5f 69 80 00 00 00 00 00 00";
        Datum[] row = {Datum.ofInt(1), Datum.ofString("A ", AI_CI)};
        assertPair(indexPair(enc, row, 1, 3), p + " 03 " + A_SPACE + " 03 80 00 00 00 00 00 00 01",
                "00 80 00 01 00 00 00 03 02 00 41 20");
        assertPair(indexPair(enc, row, 1, 7), p + " 07 " + A_SPACE,
                "08 80 00 01 00 00 00 03 02 00 41 20 00 00 00 00 00 00 00 01");

        // Case and accents fold into one key; the trailing space does not (NO PAD), so "a" is another key.
        Datum[] folded = {Datum.ofInt(2), Datum.ofString("á ", AI_CI)};
        assertThat(indexPair(enc, folded, 2, 7).key()).containsExactly(indexPair(enc, row, 1, 7).key());
        assertThat(Hex.str(indexPair(enc, folded, 2, 7).value()))
                .isEqualTo(Hex.str(Hex.bytes("08 80 00 01 00 00 00 03 03 00 c3 a1 20 00 00 00 00 00 00 00 02")));
        Datum[] noSpace = {Datum.ofInt(3), Datum.ofString("a", AI_CI)};
        assertPair(indexPair(enc, noSpace, 3, 7), p + " 07 01 1c 47 00 00 00 00 00 00 f9",
                "08 80 00 01 00 00 00 03 01 00 61 00 00 00 00 00 00 00 03");
        // A supplementary character keys by its own UCA 9.0.0 weight (U+1D306 weighs 0EF0).
        Datum[] tetragram = {Datum.ofInt(4), Datum.ofString("\uD834\uDF06", AI_CI)};
        assertThat(Hex.str(indexPair(enc, tetragram, 4, 7).key())).isEqualTo(Hex.str(Hex.bytes(
                p + " 07 01 0e f0 00 00 00 00 00 00 f9")));
    }

    /**
     * t(a int, c varchar(10) utf8mb4_0900_ai_ci PRIMARY KEY CLUSTERED) with i_a (2) and unique u_a (3);
     * row (1, "A "): the handle is c's sort key, and every index value restores c.
     */
    @Test
    void clusteredPrimaryKey() {
        TableInfo t = new TableInfo(0x40, "t", List.of(
                ColumnInfo.of(1, "a", 0, FieldType.of(ColumnType.INT)),
                new ColumnInfo(3, "c", 1, FieldType.string(ColumnType.VARCHAR, 10, AI_CI), true, true, null, false)),
                List.of(new IndexInfo(1, "PRIMARY", List.of(IndexColumn.full(1)), true, true),
                        new IndexInfo(2, "i_a", List.of(IndexColumn.full(0)), false, false),
                        new IndexInfo(3, "u_a", List.of(IndexColumn.full(0)), true, false)),
                false, true);
        TableKvEncoder enc = new TableKvEncoder(t, true);
        Datum[] row = {Datum.ofInt(1), Datum.ofString("A ", AI_CI)};
        String restored = "80 00 01 00 00 00 03 02 00 41 20";
        String p = "74 80 00 00 00 00 00 00 40 5f 69 80 00 00 00 00 00 00";

        KvPair record = enc.encode(row, 0).get(0);
        assertPair(record, "74 80 00 00 00 00 00 00 40 5f 72 " + A_SPACE,
                "80 00 02 00 00 00 01 03 01 00 03 00 01 41 20");
        assertPair(indexPair(enc, row, 0, 2), p + " 02 03 80 00 00 00 00 00 00 01 " + A_SPACE, "00 7d 01 " + restored);
        assertPair(indexPair(enc, row, 0, 3), p + " 03 03 80 00 00 00 00 00 00 01",
                "00 7d 01 7f 00 0a " + A_SPACE + " " + restored);
        assertThat(enc.encode(row, 0)).hasSize(3);
    }
}
