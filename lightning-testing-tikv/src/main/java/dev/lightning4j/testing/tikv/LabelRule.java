package dev.lightning4j.testing.tikv;

import java.time.Instant;
import java.util.List;

/**
 * A region-label rule set over PD's HTTP API ({@code /pd/api/v1/config/region-label/rule}).
 *
 * @param id        the rule ID
 * @param ruleType  the rule type, {@code key-range} for the rules an importer sets
 * @param labels    the labels, for example {@code schedule=deny}
 * @param ranges    the key ranges, hex-decoded as sent (importers send encoded keys)
 * @param expiresAt when the earliest label TTL runs out, {@code null} when no label has a TTL
 */
public record LabelRule(String id, String ruleType, List<Label> labels, List<KeyRange> ranges, Instant expiresAt) {

    /**
     * One label of a rule.
     *
     * @param key   the label key
     * @param value the label value
     * @param ttl   the TTL as sent (a Go duration such as {@code 1h0m0s}), empty when none
     */
    public record Label(String key, String value, String ttl) {
    }

    /**
     * One key range of a rule.
     *
     * @param startKey the start key, hex-decoded
     * @param endKey   the end key, hex-decoded
     */
    public record KeyRange(byte[] startKey, byte[] endKey) {
        @Override
        public String toString() {
            return "[" + TikvKeys.hex(startKey) + ", " + TikvKeys.hex(endKey) + ")";
        }
    }
}
