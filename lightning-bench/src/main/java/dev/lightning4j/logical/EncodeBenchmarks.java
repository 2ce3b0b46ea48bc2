package dev.lightning4j.logical;

import dev.lightning4j.ConflictStrategy;
import dev.lightning4j.TableName;
import dev.lightning4j.bench.MicroData;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The target side: the rows of the {@link MicroData} file encoded as the logical backend sends them, as
 * multi-row INSERT text (96 KiB statements) and as LOAD DATA streams (4 MiB). Lives in the backend's package
 * to reach its package-private encoders.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EncodeBenchmarks {
    private MicroData data;
    private SqlValues values;
    private LoadDataEncoder encoder;
    private final StringBuilder statement = new StringBuilder(128 * 1024);
    private LoadDataEncoder.ByteSink sink;

    @Setup
    public void setUp() {
        data = MicroData.get();
        values = new SqlValues(false);
        encoder = new LoadDataEncoder(new TableName("sbtest", "sbtest1"), data.columns, ConflictStrategy.ERROR);
        sink = new LoadDataEncoder.ByteSink(5 << 20);
    }

    /** SqlValues tuples, cut into statements of 96 KiB as LogicalChunkWriter does, with its UTF-8 count. */
    @Benchmark
    public long insertEncode() {
        long total = 0;
        statement.setLength(0);
        for (Object[] row : data.rows) {
            int before = statement.length();
            values.appendTuple(statement, row);
            total += SqlValues.utf8Length(statement, before, statement.length());
            if (statement.length() >= 96 * 1024) {
                statement.toString(); // the driver is handed a String
                statement.setLength(0);
            }
        }
        return total;
    }

    /** LoadDataEncoder lines into 4 MiB streams. */
    @Benchmark
    public long loadDataEncode() {
        long total = 0;
        sink.truncate(0);
        for (Object[] row : data.rows) {
            if (!encoder.append(sink, row)) {
                throw new IllegalStateException("sbtest rows all go through LOAD");
            }
            if (sink.size() >= 4 << 20) {
                total += sink.size();
                sink.truncate(0);
            }
        }
        return total + sink.size();
    }
}
