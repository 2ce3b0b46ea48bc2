package dev.lightning4j.core.routing;

/** What a source file holds, after Lightning's router types. */
public enum FileType {
    SCHEMA_SCHEMA,
    TABLE_SCHEMA,
    VIEW_SCHEMA,
    DATA,
    IGNORE
}
