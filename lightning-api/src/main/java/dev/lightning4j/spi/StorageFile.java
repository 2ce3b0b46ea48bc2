package dev.lightning4j.spi;

/**
 * One object of a storage.
 *
 * @param path path relative to the storage root, '/'-separated, never starting with '/'
 * @param size size in bytes as stored (compressed where the file is)
 */
public record StorageFile(String path, long size) {
}
