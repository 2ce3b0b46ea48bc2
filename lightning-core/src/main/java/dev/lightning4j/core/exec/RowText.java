package dev.lightning4j.core.exec;

import dev.lightning4j.spi.SqlLiteral;
import java.util.HexFormat;

/** Renders a row for error reports, shortened. */
public final class RowText {
    private static final int MAX = 256;

    private RowText() {
    }

    public static String render(Object[] values) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < values.length && sb.length() < MAX; i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object v = values[i];
            if (v == null) {
                sb.append("NULL");
            } else if (v instanceof byte[] b) {
                sb.append("X'").append(HexFormat.of().formatHex(b, 0, Math.min(b.length, MAX))).append('\'');
            } else if (v instanceof SqlLiteral l) {
                sb.append(l.toSql());
            } else {
                sb.append('\'').append(v.toString().replace("'", "''")).append('\'');
            }
        }
        if (sb.length() >= MAX) {
            sb.setLength(MAX);
            sb.append("...");
        } else {
            sb.append(')');
        }
        return sb.toString();
    }
}
