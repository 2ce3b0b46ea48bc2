package dev.lightning4j.bench;

import java.util.List;
import java.util.SplittableRandom;

/** A family of generated tables: their schemas and how their rows look. */
interface Dataset {
    /** The name used on the command line ({@code --dataset}). */
    String name();

    /** The database the tables belong to. */
    String database();

    List<TableSpec> tables(int count);

    /** How many tables to write when {@code --tables} is not given. */
    int defaultTables();

    /** About how many bytes one row takes in a SQL dump; used to size value ranges such as sysbench's k. */
    int estimatedRowBytes();

    /**
     * The row source of one table. It must draw all its randomness from {@code random} so that a seed
     * reproduces the data exactly.
     */
    RowSource rows(TableSpec table, SplittableRandom random, long estimatedRows);

    /** Writes rows one by one. */
    interface RowSource {
        /** Renders the row with primary key {@code id} (1, 2, ...). */
        void write(long id, RowEncoder encoder);
    }

    static Dataset byName(String name) {
        switch (name) {
            case "sbtest":
                return new SbtestDataset();
            case "wide":
                return new WideDataset();
            default:
                throw new IllegalArgumentException("--dataset must be sbtest or wide, not '" + name + "'");
        }
    }
}
