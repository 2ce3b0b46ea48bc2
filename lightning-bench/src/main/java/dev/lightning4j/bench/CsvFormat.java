package dev.lightning4j.bench;

/**
 * CSV with TiDB Lightning's default options: separator {@code ,}, delimiter {@code "}, backslash escapes,
 * {@code \N} for NULL and a header line of quoted column names in every file (as Dumpling writes it).
 */
final class CsvFormat implements DataFormat {
    @Override
    public String extension() {
        return "csv";
    }

    @Override
    public void fileHeader(TableSpec table, ByteSink out) {
        boolean first = true;
        for (String column : table.columns()) {
            if (!first) {
                out.put(',');
            }
            first = false;
            out.put('"').ascii(column).put('"');
        }
        out.put('\n');
    }

    @Override
    public void blockStart(TableSpec table, ByteSink out) {
    }

    @Override
    public void rowStart(boolean first, ByteSink out) {
    }

    @Override
    public void rowEnd(ByteSink out) {
        out.put('\n');
    }

    @Override
    public void blockEnd(ByteSink out) {
    }

    @Override
    public RowEncoder encoder(ByteSink out) {
        return new CsvRowEncoder(out);
    }
}
