package dev.lightning4j;

/** What happens to checkpoints after a successful import, as TiDB Lightning's {@code keep-after-success}. */
public enum KeepAfterSuccess {
    /** Delete them (the default). */
    REMOVE,
    /** Keep them under another name (the file or schema gets the task id appended). */
    RENAME,
    /** Leave them as they are; a later import with the same settings then finds every table finished. */
    ORIGIN
}
