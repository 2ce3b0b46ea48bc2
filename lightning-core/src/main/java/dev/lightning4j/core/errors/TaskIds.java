package dev.lightning4j.core.errors;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Task ids for the task-info tables: the start time in microseconds, as Lightning uses the task's start
 * time, made strictly increasing so two imports started in the same microsecond differ.
 */
public final class TaskIds {
    private static final AtomicLong LAST = new AtomicLong();

    private TaskIds() {
    }

    public static long next() {
        long now = System.currentTimeMillis() * 1000;
        return LAST.updateAndGet(prev -> Math.max(prev + 1, now));
    }
}
