package dev.lightning4j.core.plan;

import java.util.List;

/** Everything one import will do: databases, tables and their chunks. Immutable. */
public record ImportPlan(List<DatabasePlan> databases) {
    public ImportPlan {
        databases = List.copyOf(databases);
    }

    public List<TablePlan> tables() {
        return databases.stream().flatMap(d -> d.tables().stream()).toList();
    }

    public int chunkCount() {
        return tables().stream().mapToInt(t -> t.chunks().size()).sum();
    }

    public long bytes() {
        return tables().stream().mapToLong(TablePlan::bytes).sum();
    }
}
