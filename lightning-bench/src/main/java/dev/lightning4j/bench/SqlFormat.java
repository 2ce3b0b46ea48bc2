package dev.lightning4j.bench;

/** Dumpling's SQL data files: a session header, then multi-row {@code INSERT INTO `t` VALUES ...;}. */
final class SqlFormat implements DataFormat {
    @Override
    public String extension() {
        return "sql";
    }

    @Override
    public void fileHeader(TableSpec table, ByteSink out) {
        out.ascii("/*!40014 SET FOREIGN_KEY_CHECKS=0*/;\n/*!40101 SET NAMES binary*/;\n");
    }

    @Override
    public void blockStart(TableSpec table, ByteSink out) {
        out.ascii("INSERT INTO ").ascii(SchemaFiles.quote(table.name())).ascii(" VALUES\n");
    }

    @Override
    public void rowStart(boolean first, ByteSink out) {
        out.ascii(first ? "(" : ",\n(");
    }

    @Override
    public void rowEnd(ByteSink out) {
        out.put(')');
    }

    @Override
    public void blockEnd(ByteSink out) {
        out.ascii(";\n");
    }

    @Override
    public RowEncoder encoder(ByteSink out) {
        return new SqlRowEncoder(out);
    }
}
