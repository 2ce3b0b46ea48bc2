package dev.lightning4j;

/** Whether the import creates the target databases and tables from the schema files. */
public enum SchemaMode {
    /** Run the schema files as CREATE ... IF NOT EXISTS; existing databases and tables are kept. */
    CREATE,
    /** Never run DDL: every table must already exist on the target. */
    EXISTING
}
