package dev.lightning4j.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH microbenchmarks with short settings (a run takes a few minutes) and prints each stage's
 * throughput in MiB/s of dump data: every operation handles the {@link MicroData#MIB} MiB sbtest file
 * (for the encoders: the rows parsed from it, counted as the SQL bytes they came from).
 *
 * <pre>java -cp ... dev.lightning4j.bench.MicroBenchmarks [regex] [--forks 1] [--iterations 5]</pre>
 */
public final class MicroBenchmarks {
    private MicroBenchmarks() {
    }

    public static void main(String[] args) throws RunnerException {
        String include = "dev\\.lightning4j\\.(bench\\.SourceBenchmarks|bench\\.PhysicalBenchmarks|logical\\.EncodeBenchmarks)\\..*";
        int forks = 1;
        int iterations = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--forks" -> forks = Integer.parseInt(args[++i]);
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                default -> include = args[i];
            }
        }
        Options options = new OptionsBuilder().include(include).forks(forks).warmupIterations(3)
                .warmupTime(TimeValue.seconds(2)).measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(2)).jvmArgs("-Xmx1g").build();
        Collection<RunResult> results = new Runner(options).run();
        MicroData data = MicroData.get();
        Map<String, Long> bytesPerOp = Map.of("gzipDecompress", (long) data.sql.length, "csvParse",
                (long) data.csv.length);
        List<String> lines = new ArrayList<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            String shortName = name.substring(name.lastIndexOf('.') + 1);
            double opsPerSec = r.getPrimaryResult().getScore();
            double err = r.getPrimaryResult().getScoreError();
            long bytes = bytesPerOp.getOrDefault(shortName, (long) data.sql.length);
            double mib = bytes / 1048576.0;
            lines.add(String.format("%-16s %8.1f MiB/s  (± %.1f)  %,10.0f rows/s", shortName, opsPerSec * mib,
                    Double.isNaN(err) ? 0 : err * mib, opsPerSec * data.rows.size()));
        }
        System.out.println("\n=== stage throughput, one thread, " + MicroData.MIB + " MiB sbtest file ("
                + data.rows.size() + " rows; CSV " + data.csv.length / 1048576 + " MiB) ===");
        lines.forEach(System.out::println);
    }
}
