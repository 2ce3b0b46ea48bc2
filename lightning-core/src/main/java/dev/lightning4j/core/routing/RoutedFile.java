package dev.lightning4j.core.routing;

/**
 * A source file and what the router made of it.
 *
 * @param path        path relative to the source root
 * @param size        stored size in bytes
 * @param type        the file's role
 * @param schema      database name (URL-unescaped), or null for ignored files
 * @param table       table name (URL-unescaped), or null
 * @param format      data format ({@code sql}, {@code csv}, {@code parquet}) for data files
 * @param sortKey     the file's sequence number text ({@code 000000001}), or empty
 * @param compression compression suffix ({@code gz}, {@code zst}, {@code snappy}) or null
 */
public record RoutedFile(String path, long size, FileType type, String schema, String table, String format,
        String sortKey, String compression) {
}
