package dev.lightning4j.bench;

/**
 * The layout of a data file: what opens a file, how rows are grouped into blocks (an INSERT statement in
 * SQL, a run of lines in CSV) and how values are rendered.
 */
interface DataFormat {
    /** The file name extension, without the dot. */
    String extension();

    void fileHeader(TableSpec table, ByteSink out);

    void blockStart(TableSpec table, ByteSink out);

    /** Opens a row; {@code first} is true for the first row of a block. */
    void rowStart(boolean first, ByteSink out);

    void rowEnd(ByteSink out);

    void blockEnd(ByteSink out);

    /** An encoder that renders values into {@code out}. */
    RowEncoder encoder(ByteSink out);

    static DataFormat byName(String name) {
        switch (name) {
            case "sql":
                return new SqlFormat();
            case "csv":
                return new CsvFormat();
            default:
                throw new IllegalArgumentException("--format must be sql or csv, not '" + name + "'");
        }
    }
}
