package dev.lightning4j.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Watches the heap while a benchmark runs. Two figures: the largest heap in use right after a garbage
 * collection (close to the live data the program really holds, the number that decides whether a small
 * -Xmx suffices) and the largest heap in use at any sample (which includes garbage not yet collected).
 */
final class HeapSampler implements AutoCloseable {
    private static final long SAMPLE_MILLIS = 20;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Set<String> heapPools = heapPoolNames();
    private final AtomicLong maxAfterGc = new AtomicLong();
    private final AtomicLong maxUsed = new AtomicLong();
    private final AtomicInteger collections = new AtomicInteger();
    private final List<Registration> registrations = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    private record Registration(NotificationEmitter emitter, NotificationListener listener) {
    }

    HeapSampler() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                NotificationListener listener = this::onGc;
                emitter.addNotificationListener(listener, null, null);
                registrations.add(new Registration(emitter, listener));
            }
        }
        sampler = new Thread(this::sample, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void onGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long used = 0;
        for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(e.getKey())) {
                used += e.getValue().getUsed();
            }
        }
        maxAfterGc.accumulateAndGet(used, Math::max);
        collections.incrementAndGet();
    }

    private void sample() {
        while (running) {
            maxUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The largest heap in use just after a collection, in bytes (0 when no collection ran). */
    long maxUsedAfterGc() {
        return maxAfterGc.get();
    }

    /** The largest heap in use at any sample, in bytes. */
    long maxUsed() {
        return Math.max(maxUsed.get(), maxAfterGc.get());
    }

    int collections() {
        return collections.get();
    }

    /** The garbage collectors of this JVM, for the report. */
    static String collectorNames() {
        List<String> names = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            names.add(gc.getName());
        }
        return String.join(", ", names);
    }

    /** The heap limit (-Xmx), in bytes. */
    static long maxHeap() {
        return Runtime.getRuntime().maxMemory();
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        for (Registration r : registrations) {
            try {
                r.emitter().removeNotificationListener(r.listener());
            } catch (ListenerNotFoundException e) {
                // already gone
            }
        }
    }

    private static Set<String> heapPoolNames() {
        Set<String> names = new java.util.HashSet<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                names.add(pool.getName());
            }
        }
        return names;
    }
}
