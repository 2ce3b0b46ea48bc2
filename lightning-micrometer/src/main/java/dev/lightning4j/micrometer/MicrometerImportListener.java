package dev.lightning4j.micrometer;

import dev.lightning4j.ImportException;
import dev.lightning4j.ImportListener;
import dev.lightning4j.ImportResult;
import dev.lightning4j.RowError;
import dev.lightning4j.TableName;
import dev.lightning4j.TableResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes an import's progress as Micrometer meters, named in Micrometer's conventions (dotted lower case, base
 * units), so any registry (Prometheus, JMX, OTLP...) shows them as it names things:
 *
 * <ul>
 * <li>{@code lightning.import.tables} (gauge, tag {@code state}: pending, running, finished)</li>
 * <li>{@code lightning.import.chunks} (gauge, tag {@code state}: pending, finished)</li>
 * <li>{@code lightning.import.bytes} (counter, bytes): source bytes read</li>
 * <li>{@code lightning.import.bytes.total} (gauge, bytes): source bytes planned</li>
 * <li>{@code lightning.import.rows} (counter): rows written</li>
 * <li>{@code lightning.import.rows.rejected} (counter, tag {@code kind}): rows counted against max-error</li>
 * <li>{@code lightning.import.table.duration} (timer, tag {@code table}): time from a table's start to its end</li>
 * <li>{@code lightning.import.duration} (timer, tag {@code outcome}: success, failure): the whole import</li>
 * </ul>
 *
 * <pre>{@code
 * ImportBuilder.create()....listener(new MicrometerImportListener(registry, Tags.of("import", "nightly"))).run();
 * }</pre>
 *
 * To combine it with another listener, call it from yours. One instance serves one import at a time.
 */
public final class MicrometerImportListener implements ImportListener {
    private final MeterRegistry registry;
    private final Tags tags;
    private final AtomicInteger tablesTotal = new AtomicInteger();
    private final AtomicInteger tablesRunning = new AtomicInteger();
    private final AtomicInteger tablesFinished = new AtomicInteger();
    private final AtomicInteger chunksTotal = new AtomicInteger();
    private final AtomicInteger chunksFinished = new AtomicInteger();
    private final AtomicLong bytesTotal = new AtomicLong();
    private final Counter bytes;
    private final Counter rows;
    private long rowsSeen;
    private long bytesSeen;
    private volatile long startNanos = System.nanoTime();

    /**
     * Registers the meters without extra tags.
     *
     * @param registry where the meters go
     */
    public MicrometerImportListener(MeterRegistry registry) {
        this(registry, Tags.empty());
    }

    /**
     * Registers the meters with tags added to each (for example the import's name).
     *
     * @param registry where the meters go
     * @param tags     tags of every meter
     */
    public MicrometerImportListener(MeterRegistry registry, Iterable<Tag> tags) {
        this.registry = registry;
        this.tags = Tags.of(tags);
        gauge("lightning.import.tables", "pending", "tables planned and not started",
                () -> tablesTotal.get() - tablesRunning.get() - tablesFinished.get());
        gauge("lightning.import.tables", "running", "tables being written", tablesRunning::get);
        gauge("lightning.import.tables", "finished", "tables written completely", tablesFinished::get);
        gauge("lightning.import.chunks", "pending", "chunks not yet written",
                () -> chunksTotal.get() - chunksFinished.get());
        gauge("lightning.import.chunks", "finished", "chunks written", chunksFinished::get);
        Gauge.builder("lightning.import.bytes.total", bytesTotal, AtomicLong::get).tags(this.tags)
                .strongReference(true).baseUnit("bytes").description("source bytes planned").register(registry);
        bytes = Counter.builder("lightning.import.bytes").tags(this.tags).baseUnit("bytes")
                .description("source bytes read").register(registry);
        rows = Counter.builder("lightning.import.rows").tags(this.tags).baseUnit("rows")
                .description("rows written").register(registry);
    }

    private void gauge(String name, String state, String description, java.util.function.IntSupplier value) {
        // Strong: the supplier is a lambda nothing else holds, and a weakly held gauge reads NaN after a GC.
        Gauge.builder(name, value, v -> v.getAsInt()).tags(tags).tag("state", state).description(description)
                .strongReference(true).register(registry);
    }

    @Override
    public void importStarted(int tables, int chunks, long planned) {
        startNanos = System.nanoTime();
        tablesTotal.set(tables);
        chunksTotal.set(chunks);
        bytesTotal.set(planned);
    }

    @Override
    public void tableStarted(TableName table, int chunks, long planned) {
        tablesRunning.incrementAndGet();
    }

    @Override
    public void chunkFinished(TableName table, String file, long chunkRows, long chunkBytes) {
        chunksFinished.incrementAndGet();
    }

    @Override
    public synchronized void progress(Progress p) {
        // Snapshots from several workers may arrive out of order: only ever count forward.
        if (p.rows() > rowsSeen) {
            rows.increment(p.rows() - rowsSeen);
            rowsSeen = p.rows();
        }
        if (p.bytesDone() > bytesSeen) {
            bytes.increment(p.bytesDone() - bytesSeen);
            bytesSeen = p.bytesDone();
        }
    }

    @Override
    public void engineImportedEarly(TableName table, int batch, long pairs, long bytes) {
        Counter.builder("lightning.import.early.imports").tags(tags).baseUnit("imports")
                .description("tables' engines imported early to keep tikv-importer.disk-quota").register(registry)
                .increment();
    }

    @Override
    public void rowSkipped(RowError error) {
        Counter.builder("lightning.import.rows.rejected").tags(tags).tag("kind", error.kind().name().toLowerCase(
                java.util.Locale.ROOT)).baseUnit("rows").description("rows counted against max-error")
                .register(registry).increment();
    }

    @Override
    public void tableFinished(TableResult result) {
        tablesRunning.decrementAndGet();
        tablesFinished.incrementAndGet();
        Timer.builder("lightning.import.table.duration").tags(tags).tag("table", result.table().toString())
                .description("time to import one table").register(registry).record(result.duration());
    }

    @Override
    public void importFinished(ImportResult result, ImportException failure) {
        Timer.builder("lightning.import.duration").tags(tags).tag("outcome", failure == null ? "success" : "failure")
                .description("time of the whole import").register(registry)
                .record(Duration.ofNanos(System.nanoTime() - startNanos));
    }
}
