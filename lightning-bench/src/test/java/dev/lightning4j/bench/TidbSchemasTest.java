package dev.lightning4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.TableName;
import dev.lightning4j.physical.convert.ConversionOptions;
import dev.lightning4j.physical.convert.RowConverter;
import dev.lightning4j.physical.convert.ValueConverter;
import dev.lightning4j.physical.engine.ChunkEncoder;
import dev.lightning4j.physical.engine.EngineOptions;
import dev.lightning4j.physical.engine.LocalEngine;
import dev.lightning4j.physical.kv.TableKvEncoder;
import dev.lightning4j.physical.model.ColumnInfo;
import dev.lightning4j.physical.model.TableInfo;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.FormatContext;
import dev.lightning4j.spi.RowReader;
import dev.lightning4j.spi.SourceRow;
import dev.lightning4j.spi.TargetColumn;
import dev.lightning4j.spi.TargetRow;
import dev.lightning4j.sources.sql.SqlFormatProvider;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TiDB schemas the physical benchmark reads describe the generated tables: the columns of the dump's
 * CREATE TABLE in order, and every generated row converts and encodes to exactly one record pair (a
 * distinct handle per row) and one index pair, as the benchmark's figures assume.
 */
class TidbSchemasTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"sbtest", "wide"})
    void everyGeneratedRowEncodesToOneRecordAndOneIndexPair(String dataset) throws Exception {
        Path dir = tmp.resolve(dataset);
        GenerationReport report = DumpGenerator.generate(new GeneratorOptions(dir, dataset, "sql", 2, 1, 11, 1, 64));
        String tableName = report.tables().get(0).table();
        TableInfo table = TidbSchemas.table(dataset, tableName, 100);

        String create = Files.readString(dir.resolve(report.database() + "." + tableName + "-schema.sql"));
        List<String> created = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\s+`(\\w+)` ").matcher(create);
        while (m.find()) {
            created.add(m.group(1));
        }
        List<TargetColumn> columns = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (ColumnInfo c : table.columns()) {
            columns.add(new TargetColumn(c.name(), c.offset() + 1, "", "", !c.notNull(), null, false));
            names.add(c.name());
        }
        assertThat(names).isEqualTo(created);

        List<String> rejected = new ArrayList<>();
        long rows = 0;
        try (LocalEngine data = LocalEngine.open(tmp.resolve("data"), EngineOptions.defaults());
                LocalEngine index = LocalEngine.open(tmp.resolve("index"), EngineOptions.defaults())) {
            try (ChunkEncoder encoder = new ChunkEncoder(new RowConverter(table,
                    new ValueConverter(ConversionOptions.strict(ZoneOffset.UTC))), new TableKvEncoder(table, true), data,
                    index); Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().matches(".*\\.\\d+\\.sql")).sorted().toList()) {
                    DataChunk chunk = new DataChunk(new TableName(report.database(), tableName),
                            f.getFileName().toString(), "sql", null, Files.size(f), 0, -1, 0, null);
                    try (InputStream in = Files.newInputStream(f);
                            RowReader reader = new SqlFormatProvider().open(chunk, in, new FormatContext(null))) {
                        for (SourceRow row = reader.next(); row != null; row = reader.next()) {
                            encoder.write(new TargetRow(columns, row.values(), row.startOffset()), ++rows,
                                    (kind, offset, reason, text) -> rejected.add(offset + ": " + reason));
                        }
                    }
                }
            }
            assertThat(rejected).isEmpty();
            assertThat(rows).isEqualTo(report.rows()).isPositive();
            data.flush();
            index.flush();
            assertThat(data.stats().kvs()).isEqualTo(rows);
            assertThat(index.stats().kvs()).isEqualTo(rows);
        }
    }
}
