package dev.lightning4j.core.checkpoint;

import dev.lightning4j.ImportConfig;
import dev.lightning4j.TargetSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings that decide which rows land where and how batches are cut: a resume with any of them
 * changed would mix two different imports, so it is refused with the names of what changed.
 */
final class Fingerprint {
    private Fingerprint() {
    }

    static Map<String, String> of(ImportConfig config) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("data-source-dir", TargetSpec.redactUrl(config.source()));
        TargetSpec t = config.target();
        m.put("target", t.jdbcUrl() != null ? TargetSpec.redactUrl(t.jdbcUrl()) + " user " + t.user()
                : "a caller's DataSource");
        m.put("backend", config.backend().name());
        m.put("filter", String.join(",", config.filters()));
        m.put("on-duplicate", config.conflictStrategy().label());
        m.put("csv", String.valueOf(config.csv()));
        m.put("sql-mode", String.valueOf(config.sqlMode()));
        m.put("time-zone", String.valueOf(config.timeZone()));
        // The file driver's replay of one unrecorded batch relies on batches being cut the same way.
        m.put("batch-bytes", Long.toString(config.batchBytes()));
        m.put("batch-rows", Integer.toString(config.batchRows()));
        return m;
    }

    /** "name (was 'a', now 'b')" for each setting that differs; empty when they match. */
    static List<String> differences(Map<String, String> saved, Map<String, String> now) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : now.entrySet()) {
            String before = saved.get(e.getKey());
            if (before == null) {
                continue; // a setting added in a later version: nothing to compare with
            }
            if (!before.equals(e.getValue())) {
                out.add(e.getKey() + " (was '" + before + "', now '" + e.getValue() + "')");
            }
        }
        return out;
    }
}
