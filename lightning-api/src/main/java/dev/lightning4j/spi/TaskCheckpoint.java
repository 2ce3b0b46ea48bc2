package dev.lightning4j.spi;

import java.util.Map;

/**
 * What an import was: settings that decide which rows land where, so that a resume with other settings
 * is refused instead of mixing two imports.
 *
 * @param taskId      when the task began (epoch milliseconds); names a renamed store
 * @param fingerprint setting name to value ({@code data-source-dir}, {@code backend}, {@code on-duplicate}, ...)
 */
public record TaskCheckpoint(long taskId, Map<String, String> fingerprint) {
    /**
     * Copies {@code fingerprint}, which must not be null.
     *
     * @param taskId      when the task began (epoch milliseconds)
     * @param fingerprint setting name to value
     */
    public TaskCheckpoint {
        fingerprint = Map.copyOf(fingerprint);
    }
}
