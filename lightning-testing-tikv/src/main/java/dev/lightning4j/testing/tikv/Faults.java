package dev.lightning4j.testing.tikv;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Fault injection: queued failures that the next calls of a kind take, one each, in the order injected.
 * Thread-safe.
 */
public final class Faults {
    private final Map<Rpc, Deque<FaultKind>> pending = new EnumMap<>(Rpc.class);
    private final Map<Rpc, Map<FaultKind, Long>> fired = new EnumMap<>(Rpc.class);
    private final Map<Rpc, Long> passes = new EnumMap<>(Rpc.class);

    Faults() {
    }

    /**
     * Makes the next {@code times} calls of {@code rpc} fail as {@code kind} (after any failures already queued).
     *
     * @param rpc   the call
     * @param kind  the failure
     * @param times how many calls fail
     * @return this, to chain
     * @throws IllegalArgumentException when the failure does not exist for that call, or {@code times < 1}
     */
    public synchronized Faults inject(Rpc rpc, FaultKind kind, int times) {
        Objects.requireNonNull(rpc, "rpc");
        Objects.requireNonNull(kind, "kind");
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, was " + times);
        }
        if (!kind.appliesTo(rpc)) {
            throw new IllegalArgumentException(kind + " is not a failure " + rpc + " can return");
        }
        Deque<FaultKind> q = pending.computeIfAbsent(rpc, r -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            q.addLast(kind);
        }
        return this;
    }

    /**
     * Lets the next {@code passes} calls of {@code rpc} succeed, then makes the {@code times} calls after them
     * fail as {@code kind}: a failure in the middle of an import, after some of its work is done.
     *
     * @param rpc    the call
     * @param passes how many calls succeed first
     * @param kind   the failure
     * @param times  how many calls fail then
     * @return this, to chain
     * @throws IllegalArgumentException as {@link #inject}, or when {@code passes < 0}
     */
    public synchronized Faults injectAfter(Rpc rpc, long passes, FaultKind kind, int times) {
        if (passes < 0) {
            throw new IllegalArgumentException("passes must not be negative, was " + passes);
        }
        inject(rpc, kind, times);
        this.passes.merge(rpc, passes, Long::sum);
        return this;
    }

    /**
     * How many injected failures of {@code rpc} are still waiting for a call.
     *
     * @param rpc the call
     * @return the count
     */
    public synchronized int pending(Rpc rpc) {
        Deque<FaultKind> q = pending.get(rpc);
        return q == null ? 0 : q.size();
    }

    /**
     * How many calls of {@code rpc} have failed as {@code kind} by injection.
     *
     * @param rpc  the call
     * @param kind the failure
     * @return the count
     */
    public synchronized long fired(Rpc rpc, FaultKind kind) {
        Map<FaultKind, Long> m = fired.get(rpc);
        return m == null ? 0 : m.getOrDefault(kind, 0L);
    }

    /** Drops every failure still queued. */
    public synchronized void clear() {
        pending.clear();
        passes.clear();
    }

    /** Takes the next queued failure of {@code rpc}, or null. */
    synchronized FaultKind take(Rpc rpc) {
        Long pass = passes.get(rpc);
        if (pass != null && pass > 0) {
            passes.put(rpc, pass - 1);
            return null;
        }
        Deque<FaultKind> q = pending.get(rpc);
        FaultKind k = q == null ? null : q.pollFirst();
        if (k != null) {
            fired.computeIfAbsent(rpc, r -> new EnumMap<>(FaultKind.class)).merge(k, 1L, Long::sum);
        }
        return k;
    }
}
