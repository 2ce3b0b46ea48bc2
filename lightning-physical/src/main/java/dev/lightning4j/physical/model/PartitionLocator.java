package dev.lightning4j.physical.model;

import dev.lightning4j.physical.codec.Collation;
import dev.lightning4j.physical.codec.Datum;
import dev.lightning4j.physical.codec.MysqlTime;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the partition of a row the way TiDB does ({@code tables.partitionedTable.locatePartition}):
 * RANGE (first partition whose bound is above the value; NULL in the first), HASH ({@code |v % n|}, NULL
 * in the first; LINEAR is not kept in TiDB's table info, whose own placement is the plain modulo), LIST
 * (NULL and DEFAULT partitions), RANGE COLUMNS and LIST COLUMNS over integer, string (by collation) and
 * DATE/DATETIME columns, KEY over integer and string columns (CRC-32 of TiDB's hash input; LINEAR KEY is
 * likewise plain in TiDB).
 *
 * <p>Expressions: a column, integer literals, {@code + - *}, {@code DIV}, {@code %}/{@code MOD}, unary
 * minus, ABS, FLOOR/CEILING of an integer, and the date functions YEAR, MONTH, DAY/DAYOFMONTH, QUARTER,
 * HOUR, MINUTE, SECOND, MICROSECOND, TO_DAYS, TO_SECONDS, DAYOFYEAR, DAYOFWEEK, WEEKDAY of DATE/DATETIME
 * columns, and UNIX_TIMESTAMP of a TIMESTAMP column without fractional seconds. Anything else, KEY
 * partitioning over other column types and arithmetic on unsigned columns are refused when the locator is built, naming the table
 * and the expression. Integer overflow and division by zero follow MySQL (an error, and NULL).
 */
public final class PartitionLocator {
    private final String table;
    private final PartitionInfo info;
    private final long[] ids;
    // RANGE / HASH / LIST over an expression
    private final Node expr;
    private final long[] bounds;
    private final boolean lastIsMaxValue;
    private final Map<Long, Integer> listIndex = new HashMap<>();
    private int nullIndex = -1;
    private int defaultIndex = -1;
    // COLUMNS forms
    private final int[] colOffsets;
    private final ColumnCmp[] cmps;
    private final Object[][] colBounds;
    private final List<Object[]> listTuples = new ArrayList<>();
    private final List<Integer> listTupleIndex = new ArrayList<>();

    private static final Object MAXVALUE = new Object();
    private static final Object NULL_LITERAL = new Object();

    private PartitionLocator(TableInfo t, boolean newCollation) {
        this.table = t.name();
        this.info = t.partition();
        List<PartitionInfo.Definition> defs = info.definitions();
        ids = defs.stream().mapToLong(PartitionInfo.Definition::id).toArray();
        if (info.type() == PartitionInfo.Type.KEY) {
            expr = null;
            bounds = null;
            lastIsMaxValue = false;
            colBounds = null;
            cmps = null;
            if (info.columns().isEmpty()) {
                throw refuse("KEY partitioning without named columns is not supported");
            }
            colOffsets = new int[info.columns().size()];
            for (int i = 0; i < colOffsets.length; i++) {
                ColumnInfo col = column(t, info.columns().get(i), "KEY(" + String.join(", ", info.columns()) + ")");
                ColumnType.Family f = col.type().type().family();
                boolean binary = col.type().collation().isBinary();
                if (!(f == ColumnType.Family.INTEGER || f == ColumnType.Family.STRING && (newCollation || binary))) {
                    throw refuse("KEY partitioning on column " + col.name() + " of type " + col.type().type()
                            + (f == ColumnType.Family.STRING ? " without new collations" : "")
                            + " is not supported (its hash input is not computed here)");
                }
                colOffsets[i] = col.offset();
            }
            return;
        }
        if (info.columnsForm()) {
            expr = null;
            bounds = null;
            lastIsMaxValue = false;
            if (info.type() == PartitionInfo.Type.HASH) {
                throw refuse("HASH partitioning without an expression is not supported");
            }
            colOffsets = new int[info.columns().size()];
            cmps = new ColumnCmp[colOffsets.length];
            for (int i = 0; i < colOffsets.length; i++) {
                ColumnInfo col = column(t, info.columns().get(i), "COLUMNS(" + String.join(", ", info.columns()) + ")");
                colOffsets[i] = col.offset();
                cmps[i] = ColumnCmp.of(this, col, newCollation);
            }
            if (info.type() == PartitionInfo.Type.RANGE) {
                colBounds = new Object[defs.size()][];
                for (int p = 0; p < defs.size(); p++) {
                    List<String> lt = defs.get(p).lessThan();
                    if (lt.size() != colOffsets.length) {
                        throw refuse("partition " + defs.get(p).name() + " has " + lt.size() + " bounds for "
                                + colOffsets.length + " columns");
                    }
                    colBounds[p] = new Object[lt.size()];
                    for (int i = 0; i < lt.size(); i++) {
                        colBounds[p][i] = isMaxValue(lt.get(i)) ? MAXVALUE : cmps[i].literal(lt.get(i));
                    }
                }
            } else {
                colBounds = null;
                for (int p = 0; p < defs.size(); p++) {
                    for (List<String> tuple : defs.get(p).inValues()) {
                        if (tuple.size() == 1 && tuple.get(0).equalsIgnoreCase("DEFAULT")) {
                            defaultIndex = p;
                            continue;
                        }
                        if (tuple.size() != colOffsets.length) {
                            throw refuse("partition " + defs.get(p).name() + " lists " + tuple + " for "
                                    + colOffsets.length + " columns");
                        }
                        Object[] vals = new Object[tuple.size()];
                        for (int i = 0; i < vals.length; i++) {
                            vals[i] = tuple.get(i).equalsIgnoreCase("NULL") ? NULL_LITERAL : cmps[i].literal(tuple.get(i));
                        }
                        listTuples.add(vals);
                        listTupleIndex.add(p);
                    }
                }
            }
            return;
        }
        colOffsets = null;
        cmps = null;
        colBounds = null;
        if (info.expr().isEmpty()) {
            throw refuse("partitioning without expression or columns is not supported");
        }
        expr = new Parser(info.expr(), t, this).parseAll();
        if (expr.type() != Type.INT && expr.type() != Type.UINT) {
            throw refuse("partition expression " + info.expr() + " is not an integer expression");
        }
        if (expr.type() == Type.UINT && !(expr instanceof ColumnRef)) {
            throw refuse("partition expression " + info.expr() + " does arithmetic on an unsigned column");
        }
        boolean lastMax = false;
        if (info.type() == PartitionInfo.Type.RANGE) {
            bounds = new long[defs.size()];
            for (int p = 0; p < defs.size(); p++) {
                List<String> lt = defs.get(p).lessThan();
                if (lt.size() != 1) {
                    throw refuse("partition " + defs.get(p).name() + " has bounds " + lt);
                }
                if (isMaxValue(lt.get(0))) {
                    if (p != defs.size() - 1) {
                        throw refuse("MAXVALUE in partition " + defs.get(p).name() + " that is not the last");
                    }
                    lastMax = true;
                } else {
                    bounds[p] = constant(lt.get(0), t);
                }
            }
        } else {
            bounds = null;
            if (info.type() == PartitionInfo.Type.LIST) {
                for (int p = 0; p < defs.size(); p++) {
                    for (List<String> tuple : defs.get(p).inValues()) {
                        if (tuple.size() != 1) {
                            throw refuse("partition " + defs.get(p).name() + " lists " + tuple + " for one expression");
                        }
                        String v = tuple.get(0).trim();
                        if (v.equalsIgnoreCase("DEFAULT")) {
                            defaultIndex = p;
                        } else if (v.equalsIgnoreCase("NULL")) {
                            nullIndex = p;
                        } else {
                            listIndex.putIfAbsent(constant(v, t), p);
                        }
                    }
                }
            }
        }
        lastIsMaxValue = lastMax;
    }

    /**
     * The locator of a partitioned table.
     *
     * @param newCollation whether string columns compare by their collation (new collations on)
     * @throws IllegalArgumentException naming the table and expression when its partitions cannot be
     *                                  placed exactly here
     */
    public static PartitionLocator of(TableInfo table, boolean newCollation) {
        if (table.partition() == null) {
            throw new IllegalArgumentException("table " + table.name() + " is not partitioned");
        }
        return new PartitionLocator(table, newCollation);
    }

    /** The physical table ID of the row's partition. */
    public long physicalId(Datum[] row) {
        return ids[partitionIndex(row)];
    }

    /**
     * The position of the row's partition in the definitions.
     *
     * @throws NoPartitionException when no partition takes the row
     */
    public int partitionIndex(Datum[] row) {
        if (info.type() == PartitionInfo.Type.KEY) {
            return keyPartition(row);
        }
        if (expr == null) {
            return info.type() == PartitionInfo.Type.RANGE ? rangeColumns(row) : listColumns(row);
        }
        Val v;
        try {
            v = expr.eval(row);
        } catch (ArithmeticException e) {
            throw NoPartitionException.error(table, "BIGINT value is out of range in partition expression "
                    + info.expr());
        }
        boolean unsigned = v.type == Type.UINT;
        switch (info.type()) {
            case HASH -> {
                if (v.isNull()) {
                    return 0;
                }
                long r = v.l % ids.length;
                return (int) (r < 0 ? -r : r);
            }
            case RANGE -> {
                if (v.isNull()) {
                    return 0;
                }
                for (int p = 0; p < ids.length; p++) {
                    if (p == ids.length - 1 && lastIsMaxValue) {
                        return p;
                    }
                    int c = unsigned ? Long.compareUnsigned(bounds[p], v.l) : Long.compare(bounds[p], v.l);
                    if (c > 0) {
                        return p;
                    }
                }
                throw new NoPartitionException(table, unsigned ? Long.toUnsignedString(v.l) : Long.toString(v.l));
            }
            default -> {
                Integer p = v.isNull() ? (nullIndex >= 0 ? Integer.valueOf(nullIndex) : null) : listIndex.get(v.l);
                if (p == null) {
                    p = defaultIndex >= 0 ? defaultIndex : null;
                }
                if (p == null) {
                    throw new NoPartitionException(table, v.isNull() ? "NULL"
                            : unsigned ? Long.toUnsignedString(v.l) : Long.toString(v.l));
                }
                return p;
            }
        }
    }

    /** The partitioning expression's value for the row (null for NULL); for tests. */
    Long value(Datum[] row) {
        Val v = expr.eval(row);
        return v.isNull() ? null : v.l;
    }

    /**
     * KEY: CRC-32 (IEEE) over each column's hash input, modulo the partition count, as TiDB's
     * {@code ForKeyPruning.LocateKeyPartition}: a NULL is one zero byte, an integer its decimal text, a
     * string its collation key ({@code Datum.ToHashKey}).
     */
    private int keyPartition(Datum[] row) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        for (int off : colOffsets) {
            Datum d = row[off];
            switch (d.kind()) {
                case NULL -> crc.update(0);
                case INT -> crc.update(Long.toString(d.longValue()).getBytes(StandardCharsets.US_ASCII));
                case UINT -> crc.update(Long.toUnsignedString(d.longValue()).getBytes(StandardCharsets.US_ASCII));
                case STRING -> crc.update(d.collation().key(d.bytes()));
                case BYTES -> crc.update(d.bytes());
                default -> throw new IllegalStateException("KEY partition column holds a " + d.kind());
            }
        }
        return (int) (crc.getValue() % ids.length);
    }

    private int rangeColumns(Datum[] row) {
        for (int p = 0; p < ids.length; p++) {
            int c = 0;
            for (int i = 0; i < colOffsets.length && c == 0; i++) {
                Object b = colBounds[p][i];
                c = b == MAXVALUE ? -1 : cmps[i].compare(row[colOffsets[i]], b);
            }
            if (c < 0) {
                return p;
            }
        }
        throw new NoPartitionException(table, tupleText(row));
    }

    private int listColumns(Datum[] row) {
        for (int k = 0; k < listTuples.size(); k++) {
            Object[] t = listTuples.get(k);
            boolean match = true;
            for (int i = 0; i < colOffsets.length && match; i++) {
                Datum d = row[colOffsets[i]];
                match = t[i] == NULL_LITERAL ? d.isNull() : !d.isNull() && cmps[i].compare(d, t[i]) == 0;
            }
            if (match) {
                return listTupleIndex.get(k);
            }
        }
        if (defaultIndex >= 0) {
            return defaultIndex;
        }
        throw new NoPartitionException(table, tupleText(row));
    }

    private String tupleText(Datum[] row) {
        StringBuilder sb = new StringBuilder(colOffsets.length > 1 ? "(" : "");
        for (int i = 0; i < colOffsets.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(cmps[i].text(row[colOffsets[i]]));
        }
        return sb.append(colOffsets.length > 1 ? ")" : "").toString();
    }

    private long constant(String text, TableInfo t) {
        String plain = text.trim();
        if (expr != null && expr.type() == Type.UINT && !plain.isEmpty() && plain.chars().allMatch(Character::isDigit)) {
            // A bound of an unsigned column may be 2^63 or above (up to 18446744073709551615); it compares unsigned.
            try {
                return Long.parseUnsignedLong(plain);
            } catch (NumberFormatException e) {
                throw refuse("partition value " + text + " is out of the range of BIGINT UNSIGNED");
            }
        }
        Node n = new Parser(text, null, this).parseAll();
        Val v = n.eval(new Datum[0]);
        if (v.isNull() || v.type == Type.TIME || v.type == Type.STR) {
            throw refuse("partition value " + text + " is not an integer");
        }
        return v.l;
    }

    private static boolean isMaxValue(String s) {
        return s.trim().equalsIgnoreCase("MAXVALUE");
    }

    private ColumnInfo column(TableInfo t, String name, String where) {
        String n = name.trim();
        if (n.startsWith("`") && n.endsWith("`") && n.length() >= 2) {
            n = n.substring(1, n.length() - 1).replace("``", "`");
        }
        for (ColumnInfo c : t.columns()) {
            if (c.name().equalsIgnoreCase(n)) {
                return c;
            }
        }
        throw refuse("partition " + where + " names unknown column " + name);
    }

    IllegalArgumentException refuse(String why) {
        return new IllegalArgumentException("table " + table + ": " + why + "; use the logical backend");
    }

    // ---------------------------------------------------------------- values and expressions

    enum Type { INT, UINT, TIME, STR }

    /** An evaluated value: NULL, an integer (signed or unsigned bits), a packed date/datetime, a string. */
    static final class Val {
        static final Val NULL = new Val(null, 0, null);
        final Type type;
        final long l;
        final String s;

        Val(Type type, long l, String s) {
            this.type = type;
            this.l = l;
            this.s = s;
        }

        boolean isNull() {
            return type == null;
        }

        static Val ofInt(long v) {
            return new Val(Type.INT, v, null);
        }
    }

    interface Node {
        Type type();

        Val eval(Datum[] row);
    }

    record ColumnRef(int offset, Type type) implements Node {
        @Override
        public Val eval(Datum[] row) {
            Datum d = row[offset];
            return switch (d.kind()) {
                case NULL -> Val.NULL;
                case INT -> Val.ofInt(d.longValue());
                case UINT -> new Val(Type.UINT, d.longValue(), null);
                case TIME -> new Val(Type.TIME, d.longValue(), null);
                default -> throw new IllegalStateException("partition column holds a " + d.kind());
            };
        }
    }

    record Literal(Val v) implements Node {
        @Override
        public Type type() {
            return v.type == null ? Type.INT : v.type;
        }

        @Override
        public Val eval(Datum[] row) {
            return v;
        }
    }

    record Binary(char op, Node a, Node b) implements Node {
        @Override
        public Type type() {
            return Type.INT;
        }

        @Override
        public Val eval(Datum[] row) {
            Val x = a.eval(row);
            Val y = b.eval(row);
            if (x.isNull() || y.isNull()) {
                return Val.NULL;
            }
            long p = x.l;
            long q = y.l;
            return switch (op) {
                case '+' -> Val.ofInt(Math.addExact(p, q));
                case '-' -> Val.ofInt(Math.subtractExact(p, q));
                case '*' -> Val.ofInt(Math.multiplyExact(p, q));
                case 'D' -> q == 0 ? Val.NULL : Val.ofInt(divExact(p, q));
                default -> q == 0 ? Val.NULL : Val.ofInt(q == -1 ? 0 : p % q);
            };
        }

        private static long divExact(long p, long q) {
            if (p == Long.MIN_VALUE && q == -1) {
                throw new ArithmeticException("overflow");
            }
            return p / q;
        }
    }

    record Call(String fn, Node arg, boolean timestampArg) implements Node {
        @Override
        public Type type() {
            return Type.INT;
        }

        @Override
        public Val eval(Datum[] row) {
            Val v = arg.eval(row);
            if (v.isNull()) {
                return Val.NULL;
            }
            if (v.type == Type.INT) {
                return switch (fn) {
                    case "ABS" -> Val.ofInt(Math.absExact(v.l));
                    case "NEG" -> Val.ofInt(Math.negateExact(v.l));
                    default -> v; // FLOOR, CEILING of an integer
                };
            }
            long t = v.l;
            int y = MysqlTime.year(t);
            int m = MysqlTime.month(t);
            int d = MysqlTime.day(t);
            boolean invalidZero = m == 0 || d == 0;
            return switch (fn) {
                case "YEAR" -> Val.ofInt(y);
                case "MONTH" -> Val.ofInt(m);
                case "DAY", "DAYOFMONTH" -> Val.ofInt(d);
                case "QUARTER" -> Val.ofInt((m + 2) / 3);
                case "HOUR" -> Val.ofInt(MysqlTime.hour(t));
                case "MINUTE" -> Val.ofInt(MysqlTime.minute(t));
                case "SECOND" -> Val.ofInt(MysqlTime.second(t));
                case "MICROSECOND" -> Val.ofInt(MysqlTime.micro(t));
                case "TO_DAYS" -> invalidZero ? Val.NULL : Val.ofInt(dayNumber(y, m, d));
                case "TO_SECONDS" -> invalidZero ? Val.NULL : Val.ofInt(dayNumber(y, m, d) * 86_400L
                        + MysqlTime.hour(t) * 3600L + MysqlTime.minute(t) * 60L + MysqlTime.second(t));
                case "DAYOFYEAR" -> invalidZero ? Val.NULL : Val.ofInt(dayNumber(y, m, d) - dayNumber(y, 1, 1) + 1);
                case "DAYOFWEEK" -> invalidZero ? Val.NULL : Val.ofInt((dayNumber(y, m, d) + 6) % 7 + 1);
                case "WEEKDAY" -> invalidZero ? Val.NULL : Val.ofInt((dayNumber(y, m, d) + 5) % 7);
                case "UNIX_TIMESTAMP" -> Val.ofInt(y == 0 && m == 0 && d == 0 ? 0 : java.time.LocalDateTime.of(y, m, d,
                        MysqlTime.hour(t), MysqlTime.minute(t), MysqlTime.second(t)).toEpochSecond(java.time.ZoneOffset.UTC));
                default -> throw new IllegalStateException(fn);
            };
        }
    }

    /** MySQL's {@code calc_daynr}: days since year 0 in the proleptic Gregorian calendar (TO_DAYS). */
    static long dayNumber(int year, int month, int day) {
        if (year == 0 && month == 0) {
            return 0;
        }
        long y = year;
        long delsum = 365L * y + 31L * (month - 1) + day;
        if (month <= 2) {
            y--;
        } else {
            delsum -= (month * 4L + 23) / 10;
        }
        long temp = ((y / 100 + 1) * 3) / 4;
        return delsum + y / 4 - temp;
    }

    private static final java.util.Set<String> DATE_FUNCTIONS = java.util.Set.of("YEAR", "MONTH", "DAY", "DAYOFMONTH",
            "QUARTER", "HOUR", "MINUTE", "SECOND", "MICROSECOND", "TO_DAYS", "TO_SECONDS", "DAYOFYEAR", "DAYOFWEEK",
            "WEEKDAY", "UNIX_TIMESTAMP");

    /** Parses TiDB's restored partition expressions and bound values. */
    private static final class Parser {
        private final String src;
        private final TableInfo table;
        private final PartitionLocator owner;
        private int pos;

        Parser(String src, TableInfo table, PartitionLocator owner) {
            this.src = src;
            this.table = table;
            this.owner = owner;
        }

        Node parseAll() {
            Node n = additive();
            skipSpace();
            if (pos != src.length()) {
                throw unsupported();
            }
            return n;
        }

        private IllegalArgumentException unsupported() {
            return owner.refuse("partition expression " + src + " is not supported (only a column, integer "
                    + "arithmetic and YEAR, MONTH, DAY, TO_DAYS, TO_SECONDS, UNIX_TIMESTAMP... are evaluated here)");
        }

        private Node additive() {
            Node n = multiplicative();
            while (true) {
                skipSpace();
                if (peek('+') || peek('-')) {
                    char op = src.charAt(pos++);
                    n = intBinary(op, n, multiplicative());
                } else {
                    return n;
                }
            }
        }

        private Node multiplicative() {
            Node n = unary();
            while (true) {
                skipSpace();
                if (peek('*')) {
                    pos++;
                    n = intBinary('*', n, unary());
                } else if (peek('%')) {
                    pos++;
                    n = intBinary('%', n, unary());
                } else if (keyword("DIV")) {
                    n = intBinary('D', n, unary());
                } else if (keyword("MOD")) {
                    n = intBinary('%', n, unary());
                } else {
                    return n;
                }
            }
        }

        private Node unary() {
            skipSpace();
            if (peek('-')) {
                pos++;
                Node n = unary();
                requireInt(n);
                return new Call("NEG", n, false);
            }
            if (peek('+')) {
                pos++;
                return unary();
            }
            return primary();
        }

        private Node primary() {
            skipSpace();
            if (pos >= src.length()) {
                throw unsupported();
            }
            char c = src.charAt(pos);
            if (c == '(') {
                pos++;
                Node n = additive();
                expect(')');
                return n;
            }
            if (Character.isDigit(c)) {
                int start = pos;
                while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                    pos++;
                }
                if (pos < src.length() && (src.charAt(pos) == '.' || Character.isLetter(src.charAt(pos)))) {
                    throw unsupported();
                }
                try {
                    return new Literal(Val.ofInt(Long.parseLong(src.substring(start, pos))));
                } catch (NumberFormatException e) {
                    throw unsupported();
                }
            }
            if (c == '\'' || c == '"') {
                return new Literal(new Val(Type.STR, 0, string()));
            }
            if (c == '`') {
                int end = src.indexOf('`', pos + 1);
                if (end < 0) {
                    throw unsupported();
                }
                String name = src.substring(pos + 1, end);
                pos = end + 1;
                return columnRef(name);
            }
            if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                    pos++;
                }
                String word = src.substring(start, pos);
                skipSpace();
                if (word.startsWith("_") && (peek('\'') || peek('"'))) {
                    return new Literal(new Val(Type.STR, 0, string())); // charset introducer
                }
                if (peek('(')) {
                    pos++;
                    String fn = word.toUpperCase(Locale.ROOT);
                    Node a = additive();
                    Node b = null;
                    skipSpace();
                    if (peek(',')) {
                        pos++;
                        b = additive();
                    }
                    expect(')');
                    return call(fn, a, b);
                }
                if (word.equalsIgnoreCase("NULL")) {
                    return new Literal(Val.NULL);
                }
                return columnRef(word);
            }
            throw unsupported();
        }

        private Node call(String fn, Node a, Node b) {
            if (fn.equals("MOD") && b != null) {
                return intBinary('%', a, b);
            }
            if (b != null) {
                throw unsupported();
            }
            if (fn.equals("ABS") || fn.equals("FLOOR") || fn.equals("CEILING") || fn.equals("CEIL")) {
                requireInt(a);
                return new Call(fn, a, false);
            }
            if (!DATE_FUNCTIONS.contains(fn)) {
                throw unsupported();
            }
            if (a instanceof Literal l && l.v.type == Type.STR) {
                if (fn.equals("UNIX_TIMESTAMP")) {
                    throw owner.refuse("partition value " + src + " depends on the time zone it was evaluated in");
                }
                a = new Literal(new Val(Type.TIME, parseDateTime(l.v.s, owner, src), null));
            }
            if (a.type() != Type.TIME) {
                throw unsupported();
            }
            boolean ts = a instanceof ColumnRef r && table.columns().get(r.offset).type().type() == ColumnType.TIMESTAMP;
            if (fn.equals("UNIX_TIMESTAMP")) {
                ColumnInfo col = a instanceof ColumnRef r ? table.columns().get(r.offset) : null;
                if (!ts || col.type().scale() > 0) {
                    throw owner.refuse("partition expression " + src
                            + " is not supported: UNIX_TIMESTAMP is evaluated here only on a TIMESTAMP column without fractional seconds");
                }
            } else if (ts) {
                throw owner.refuse("partition expression " + src + " applies " + fn
                        + " to a TIMESTAMP column, which depends on the session time zone");
            }
            return new Call(fn, a, ts);
        }

        private Node intBinary(char op, Node a, Node b) {
            requireInt(a);
            requireInt(b);
            return new Binary(op, a, b);
        }

        private void requireInt(Node n) {
            if (n.type() == Type.UINT) {
                throw owner.refuse("partition expression " + src + " does arithmetic on an unsigned column");
            }
            if (n.type() != Type.INT) {
                throw unsupported();
            }
        }

        private Node columnRef(String name) {
            if (table == null) {
                throw unsupported();
            }
            ColumnInfo col = owner.column(table, name, "expression " + src);
            ColumnType.Family f = col.type().type().family();
            Type t;
            if (f == ColumnType.Family.INTEGER) {
                t = col.type().unsigned() ? Type.UINT : Type.INT;
            } else if (f == ColumnType.Family.TIME) {
                t = Type.TIME;
            } else {
                throw owner.refuse("partition expression " + src + " uses column " + col.name() + " of type "
                        + col.type().type() + ", which is not evaluated here");
            }
            return new ColumnRef(col.offset(), t);
        }

        private String string() {
            char q = src.charAt(pos++);
            StringBuilder sb = new StringBuilder();
            while (pos < src.length()) {
                char c = src.charAt(pos++);
                if (c == '\\' && pos < src.length()) {
                    sb.append(src.charAt(pos++));
                } else if (c == q) {
                    if (pos < src.length() && src.charAt(pos) == q) {
                        sb.append(q);
                        pos++;
                    } else {
                        return sb.toString();
                    }
                } else {
                    sb.append(c);
                }
            }
            throw unsupported();
        }

        private boolean keyword(String kw) {
            skipSpace();
            int end = pos + kw.length();
            if (end <= src.length() && src.regionMatches(true, pos, kw, 0, kw.length())
                    && (end == src.length() || !Character.isLetterOrDigit(src.charAt(end)) && src.charAt(end) != '_')) {
                pos = end;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            skipSpace();
            if (!peek(c)) {
                throw unsupported();
            }
            pos++;
        }

        private boolean peek(char c) {
            return pos < src.length() && src.charAt(pos) == c;
        }

        private void skipSpace() {
            while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
                pos++;
            }
        }
    }

    /** A bound's text without a charset introducer ({@code _utf8mb4'x'}) and quotes. */
    static String unquote(String text) {
        String t = text.trim();
        if (t.startsWith("_")) {
            int q = Math.max(t.indexOf('\''), t.indexOf('"'));
            t = q > 0 ? t.substring(q) : t;
        }
        if (t.length() >= 2 && (t.startsWith("'") && t.endsWith("'") || t.startsWith("\"") && t.endsWith("\""))) {
            t = t.substring(1, t.length() - 1);
        }
        return t;
    }

    /** A {@code 'YYYY-MM-DD[ HH:MM:SS[.ffffff]]'} literal, packed. */
    static long parseDateTime(String s, PartitionLocator owner, String where) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[ T](\\d{1,2}):(\\d{1,2}):(\\d{1,2})(?:\\.(\\d{1,6}))?)?")
                .matcher(s.trim());
        if (!m.matches()) {
            throw owner.refuse("partition value '" + s + "' in " + where + " is not a date or datetime literal");
        }
        int[] f = new int[6];
        for (int i = 0; i < 6; i++) {
            f[i] = m.group(i + 1) == null ? 0 : Integer.parseInt(m.group(i + 1));
        }
        int micro = m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "00000").substring(0, 6));
        if (f[1] > 12 || f[2] > 31 || f[3] > 23 || f[4] > 59 || f[5] > 59) {
            throw owner.refuse("partition value '" + s + "' in " + where + " is not a valid date");
        }
        return MysqlTime.pack(f[0], f[1], f[2], f[3], f[4], f[5], micro);
    }

    /** Compares a column's value with a bound of RANGE COLUMNS / LIST COLUMNS, by the column's rules. */
    private abstract static class ColumnCmp {
        final ColumnInfo col;

        ColumnCmp(ColumnInfo col) {
            this.col = col;
        }

        abstract Object literal(String text);

        /** NULL sorts below every value. */
        abstract int compare(Datum d, Object literal);

        String text(Datum d) {
            return d.isNull() ? "NULL" : String.valueOf(d);
        }

        static ColumnCmp of(PartitionLocator owner, ColumnInfo col, boolean newCollation) {
            FieldType ft = col.type();
            switch (ft.type().family()) {
                case INTEGER -> {
                    boolean unsigned = ft.unsigned();
                    return new ColumnCmp(col) {
                        @Override
                        Object literal(String text) {
                            String t = unquote(text).trim();
                            try {
                                return unsigned ? Long.parseUnsignedLong(t) : Long.parseLong(t);
                            } catch (NumberFormatException e) {
                                throw owner.refuse("partition value " + text + " for column " + col.name()
                                        + " is not an integer");
                            }
                        }

                        @Override
                        int compare(Datum d, Object literal) {
                            if (d.isNull()) {
                                return -1;
                            }
                            long b = (Long) literal;
                            return unsigned ? Long.compareUnsigned(d.longValue(), b) : Long.compare(d.longValue(), b);
                        }

                        @Override
                        String text(Datum d) {
                            return d.isNull() ? "NULL" : unsigned ? Long.toUnsignedString(d.longValue())
                                    : Long.toString(d.longValue());
                        }
                    };
                }
                case STRING -> {
                    Collation coll = ft.collation();
                    if (!newCollation && !coll.isBinary()) {
                        throw owner.refuse("COLUMNS partitioning on string column " + col.name()
                                + " of a cluster without new collations is not supported (its comparison rules are not kept here)");
                    }
                    return new ColumnCmp(col) {
                        private byte[] key(byte[] b) {
                            if (coll.isBinary()) {
                                return b;
                            }
                            return coll.key(b);
                        }

                        @Override
                        Object literal(String text) {
                            String t = text.trim();
                            if (t.startsWith("_")) {
                                int q = Math.max(t.indexOf('\''), t.indexOf('"'));
                                t = q > 0 ? t.substring(q) : t;
                            }
                            if (t.length() < 2 || !(t.startsWith("'") || t.startsWith("\""))) {
                                throw owner.refuse("partition value " + text + " for column " + col.name()
                                        + " is not a string literal");
                            }
                            Literal l = (Literal) new Parser(t, null, owner).parseAll();
                            return key(l.v.s.getBytes(StandardCharsets.UTF_8));
                        }

                        @Override
                        int compare(Datum d, Object literal) {
                            if (d.isNull()) {
                                return -1;
                            }
                            return Integer.signum(Arrays.compareUnsigned(key(d.bytes()), (byte[]) literal));
                        }

                        @Override
                        String text(Datum d) {
                            return d.isNull() ? "NULL" : "'" + new String(d.bytes(), StandardCharsets.UTF_8) + "'";
                        }
                    };
                }
                case TIME -> {
                    if (ft.type() == ColumnType.TIMESTAMP) {
                        break;
                    }
                    return new ColumnCmp(col) {
                        @Override
                        Object literal(String text) {
                            return parseDateTime(unquote(text), owner, "COLUMNS partition of " + col.name());
                        }

                        @Override
                        int compare(Datum d, Object literal) {
                            if (d.isNull()) {
                                return -1;
                            }
                            return Long.compareUnsigned(d.longValue(), (Long) literal);
                        }

                        @Override
                        String text(Datum d) {
                            if (d.isNull()) {
                                return "NULL";
                            }
                            long t = d.longValue();
                            return String.format("'%04d-%02d-%02d %02d:%02d:%02d'", MysqlTime.year(t), MysqlTime.month(t),
                                    MysqlTime.day(t), MysqlTime.hour(t), MysqlTime.minute(t), MysqlTime.second(t));
                        }
                    };
                }
                default -> {
                }
            }
            throw owner.refuse("COLUMNS partitioning on column " + col.name() + " of type " + ft.type()
                    + " is not supported");
        }
    }
}
