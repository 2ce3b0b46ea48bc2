package dev.lightning4j.sources.csv;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;

/** Builds the syntax errors of one chunk, each naming the file, the absolute byte offset and the table. */
final class CsvErrors {
    static final int SNIPPET_BYTES = 40;

    private final String file;
    private final String table;

    CsvErrors(String file, String table) {
        this.file = file;
        this.table = table;
    }

    /**
     * @param problem what is wrong
     * @param todo    what the user can do about it
     * @param offset  absolute byte offset of the problem
     * @param near    bytes at the problem, shown escaped; may be null
     */
    String file() {
        return file;
    }

    String table() {
        return table;
    }

    ImportException syntax(String problem, String todo, long offset, byte[] near, int off, int len) {
        String reason = "CSV syntax error: " + problem;
        if (near != null && len > 0) {
            reason += " near \"" + snippet(near, off, Math.min(len, SNIPPET_BYTES)) + "\"";
        }
        reason += "; " + todo;
        return new ImportException(ErrorCode.SOURCE_SYNTAX, reason, file, offset, table, null, null);
    }

    ImportException header(String problem, long offset) {
        return new ImportException(ErrorCode.SOURCE_SYNTAX, "CSV header " + problem
                + "; fix the header line, or set csv header-schema-match=false to map columns by position",
                file, offset, table, null, null);
    }

    /** Printable ASCII as is, everything else escaped, so binary data cannot garble a log line. */
    static String snippet(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(len + 8);
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xFF;
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c >= 0x20 && c < 0x7F) {
                        sb.append((char) c);
                    } else {
                        sb.append(String.format("\\x%02X", c));
                    }
                }
            }
        }
        return sb.toString();
    }
}
