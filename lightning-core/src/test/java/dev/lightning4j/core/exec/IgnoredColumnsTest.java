package dev.lightning4j.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.IgnoreColumns;
import dev.lightning4j.TableName;
import dev.lightning4j.spi.ChunkWriter;
import dev.lightning4j.spi.SourceRow;
import dev.lightning4j.spi.TargetColumn;
import dev.lightning4j.spi.TargetRow;
import dev.lightning4j.spi.TargetTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ignore-data-columns: rows are mapped against the widened table, then ignored columns are left out. */
class IgnoredColumnsTest {
    private static final TableName NAME = new TableName("db", "t");
    private static final TargetTable TABLE = new TargetTable(NAME, List.of(
            new TargetColumn("id", 1, "int", "int", false, null, false),
            new TargetColumn("secret", 2, "varchar", "varchar(10)", true, "utf8mb4", false),
            new TargetColumn("name", 3, "varchar", "varchar(10)", true, "utf8mb4", false)));
    private static final IgnoredColumns IGNORED = new IgnoredColumns(List.of(
            new IgnoreColumns("d?", "T*", List.of("SECRET", "extra"))));

    /** Collects what reaches the backend. */
    private static final class Rows implements ChunkWriter {
        final List<TargetRow> rows = new ArrayList<>();

        @Override
        public void write(TargetRow row) {
            rows.add(row);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private static List<TargetRow> write(SourceRow... source) {
        TargetTable widened = IGNORED.widen(TABLE);
        RowMapper mapper = new RowMapper(widened, "f");
        Rows sink = new Rows();
        IgnoredColumns.Writer writer = new IgnoredColumns.Writer(sink, IGNORED.of(NAME));
        for (SourceRow r : source) {
            writer.write(new TargetRow(mapper.columnsOf(r), r.values(), r.startOffset()));
        }
        return sink.rows;
    }

    private static List<String> names(TargetRow row) {
        return row.columns().stream().map(TargetColumn::name).toList();
    }

    @Test
    void namedColumnsAreDroppedEvenWhenTheTableLacksThem() {
        List<String> cols = List.of("extra", "id", "secret", "name");
        List<TargetRow> out = write(new SourceRow(new Object[] {"x", "1", "s", "n"}, cols, 0, 1),
                new SourceRow(new Object[] {"y", "2", "t", "m"}, cols, 1, 2));
        assertThat(names(out.get(0))).containsExactly("id", "name");
        assertThat(out.get(0).values()).containsExactly("1", "n");
        assertThat(out.get(1).values()).containsExactly("2", "m");
        assertThat(out.get(1).columns()).isSameAs(out.get(0).columns());
    }

    @Test
    void positionalRowsMapToTheRealColumnsAndLoseTheIgnoredOne() {
        List<TargetRow> out = write(new SourceRow(new Object[] {"1", "s", "n"}, null, 0, 1));
        assertThat(names(out.get(0))).containsExactly("id", "name");
        assertThat(out.get(0).values()).containsExactly("1", "n");
    }

    @Test
    void widenAddsPlaceholdersOnlyForMissingColumnsAndOtherTablesStayAsTheyAre() {
        TargetTable widened = IGNORED.widen(TABLE);
        assertThat(widened.columns()).hasSize(4);
        assertThat(IgnoredColumns.isPlaceholder(widened.column("extra"))).isTrue();
        assertThat(IgnoredColumns.isPlaceholder(widened.column("secret"))).isFalse();
        TargetTable other = new TargetTable(new TableName("x", "t"), TABLE.columns());
        assertThat(IGNORED.widen(other)).isSameAs(other);
        assertThat(IGNORED.of(new TableName("DB", "table"))).containsExactly("secret", "extra");
        assertThat(IGNORED.of(new TableName("db2", "t"))).isEmpty();
    }

    @Test
    void rowsWithoutIgnoredColumnsPassUnchanged() {
        Rows sink = new Rows();
        IgnoredColumns.Writer writer = new IgnoredColumns.Writer(sink, IGNORED.of(NAME));
        TargetRow row = new TargetRow(List.of(TABLE.columns().get(0)), new Object[] {"1"}, 0);
        writer.write(row);
        assertThat(sink.rows).containsExactly(row);
        assertThat(Arrays.asList(sink.rows.get(0).values())).containsExactly("1");
    }
}
