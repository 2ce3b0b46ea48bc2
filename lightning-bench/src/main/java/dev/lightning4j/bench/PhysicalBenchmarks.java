package dev.lightning4j.bench;

import dev.lightning4j.physical.codec.Datum;
import dev.lightning4j.physical.convert.ConversionException;
import dev.lightning4j.physical.convert.ConversionOptions;
import dev.lightning4j.physical.convert.RowConverter;
import dev.lightning4j.physical.convert.ValueConverter;
import dev.lightning4j.physical.engine.EngineOptions;
import dev.lightning4j.physical.engine.LocalEngine;
import dev.lightning4j.physical.kv.KvPair;
import dev.lightning4j.physical.kv.TableKvEncoder;
import dev.lightning4j.physical.model.ColumnInfo;
import dev.lightning4j.physical.model.TableInfo;
import dev.lightning4j.spi.TargetColumn;
import dev.lightning4j.spi.TargetRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The physical backend's stages after parsing, each over the rows of the {@link MicroData} sbtest file:
 * value conversion ({@code RowConverter}), KV encoding of converted rows ({@code TableKvEncoder}: record and
 * index pairs) and the local sort/write (the encoded pairs put into a fresh RocksDB engine and flushed to
 * sorted SST files).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PhysicalBenchmarks {
    private List<TargetRow> rows;
    private List<Datum[]> datums;
    private List<KvPair> pairs;
    private RowConverter converter;
    private TableKvEncoder encoder;
    private Path dir;
    private int run;

    @Setup
    public void setUp() throws IOException, ConversionException {
        MicroData data = MicroData.get();
        TableInfo table = TidbSchemas.table("sbtest", "sbtest1", 100);
        List<TargetColumn> columns = new ArrayList<>();
        for (ColumnInfo c : table.columns()) {
            columns.add(new TargetColumn(c.name(), c.offset() + 1, "", "", !c.notNull(), null, false));
        }
        converter = new RowConverter(table, new ValueConverter(ConversionOptions.strict(ZoneOffset.UTC)));
        encoder = new TableKvEncoder(table, true);
        rows = new ArrayList<>(data.rows.size());
        datums = new ArrayList<>(data.rows.size());
        pairs = new ArrayList<>(data.rows.size() * 2);
        long rowId = 0;
        for (Object[] values : data.rows) {
            TargetRow r = new TargetRow(columns, values, 0);
            rows.add(r);
            Datum[] d = converter.convert(r);
            datums.add(d);
            encoder.encode(d, ++rowId, (k, v) -> pairs.add(new KvPair(k, v)));
        }
        dir = Files.createTempDirectory("lightning-engine-bench");
    }

    @TearDown
    public void tearDown() throws IOException {
        deleteTree(dir);
    }

    /** Parsed values to datums by the table's column types. */
    @Benchmark
    public long convert() throws ConversionException {
        long n = 0;
        for (TargetRow r : rows) {
            n += converter.convert(r).length;
        }
        return n;
    }

    /** Datums to one record pair and one index pair per row. */
    @Benchmark
    public long kvEncode() {
        long[] bytes = new long[1];
        long rowId = 0;
        for (Datum[] d : datums) {
            encoder.encode(d, ++rowId, (k, v) -> bytes[0] += k.length + v.length);
        }
        return bytes[0];
    }

    /** Encoded pairs into a new local engine, flushed to sorted files: the local sort/write stage. */
    @Benchmark
    public long engineWrite() throws IOException {
        Path engineDir = dir.resolve("e" + run++);
        try (LocalEngine engine = LocalEngine.open(engineDir, EngineOptions.defaults())) {
            try (LocalEngine.Writer w = engine.writer()) {
                for (KvPair p : pairs) {
                    w.put(p.key(), p.value());
                }
            }
            engine.flush();
        } finally {
            deleteTree(engineDir);
        }
        return pairs.size();
    }

    private static void deleteTree(Path d) throws IOException {
        if (!Files.exists(d)) {
            return;
        }
        try (Stream<Path> s = Files.walk(d)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
