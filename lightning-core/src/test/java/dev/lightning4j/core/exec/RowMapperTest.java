package dev.lightning4j.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.IgnoreColumns;
import dev.lightning4j.TableName;
import dev.lightning4j.spi.SourceRow;
import dev.lightning4j.spi.TargetColumn;
import dev.lightning4j.spi.TargetTable;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** ignore-data-columns: values of ignored columns are dropped, by name or by table position. */
class RowMapperTest {
    private static final TargetTable TABLE = new TargetTable(new TableName("db", "t"), List.of(
            new TargetColumn("id", 1, "int", "int", false, null, false),
            new TargetColumn("secret", 2, "varchar", "varchar(10)", true, "utf8mb4", false),
            new TargetColumn("name", 3, "varchar", "varchar(10)", true, "utf8mb4", false)));

    private static List<String> names(List<TargetColumn> cols) {
        return cols.stream().map(TargetColumn::name).toList();
    }

    @Test
    void namedSourceColumnsAreDroppedEvenWhenTheTableLacksThem() {
        RowMapper m = new RowMapper(TABLE, "f", Set.of("SECRET", "extra"));
        SourceRow row = new SourceRow(new Object[] {"x", "1", "s", "n"}, List.of("extra", "id", "secret", "name"), 0,
                1);
        assertThat(names(m.columnsOf(row))).containsExactly("id", "name");
        assertThat(m.valuesOf(row)).containsExactly("1", "n");
    }

    @Test
    void positionalRowsDropTheIgnoredTablePositions() {
        RowMapper m = new RowMapper(TABLE, "f", Set.of("secret"));
        SourceRow row = new SourceRow(new Object[] {"1", "s", "n"}, null, 0, 1);
        assertThat(names(m.columnsOf(row))).containsExactly("id", "name");
        assertThat(m.valuesOf(row)).containsExactly("1", "n");
        // a row of the wrong width keeps its values so the count check rejects it
        SourceRow wide = new SourceRow(new Object[] {"1", "s", "n", "z"}, null, 0, 1);
        assertThat(m.columnsOf(wide)).hasSize(2);
        assertThat(m.valuesOf(wide)).hasSize(4);
    }

    @Test
    void withoutIgnoredColumnsValuesPassThroughAndCachesDoNotLeak() {
        RowMapper m = new RowMapper(TABLE, "f");
        List<String> cols = List.of("name", "id");
        SourceRow a = new SourceRow(new Object[] {"n", "1"}, cols, 0, 1);
        assertThat(names(m.columnsOf(a))).containsExactly("name", "id");
        assertThat(m.valuesOf(a)).isSameAs(a.values());
        SourceRow b = new SourceRow(new Object[] {"1", "s", "n"}, null, 0, 1);
        assertThat(m.columnsOf(b)).hasSize(3);
        assertThat(m.valuesOf(b)).isSameAs(b.values());
    }

    @Test
    void rulesMatchTargetTablesByWildcard() {
        IgnoredColumns ic = new IgnoredColumns(List.of(new IgnoreColumns("d*", "t?", List.of("a")),
                new IgnoreColumns("*", "*", List.of("b"))));
        assertThat(ic.of(new TableName("db", "T1"))).containsExactly("a", "b");
        assertThat(ic.of(new TableName("x", "t1"))).containsExactly("b");
    }
}
