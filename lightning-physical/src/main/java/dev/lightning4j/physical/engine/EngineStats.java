package dev.lightning4j.physical.engine;

/**
 * What an engine holds.
 *
 * @param kvs      number of pairs
 * @param bytes    total key plus value bytes
 * @param firstKey smallest key, null when empty
 * @param lastKey  largest key, null when empty
 */
public record EngineStats(long kvs, long bytes, byte[] firstKey, byte[] lastKey) {
}
