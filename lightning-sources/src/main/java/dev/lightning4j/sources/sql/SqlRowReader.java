package dev.lightning4j.sources.sql;

import dev.lightning4j.sources.text.TextDecoder;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.RowReader;
import dev.lightning4j.spi.SourceRow;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streams the rows of a Dumpling/mydumper SQL data file: one {@link SourceRow} per VALUES tuple of each
 * {@code INSERT} or {@code REPLACE} statement; every other statement and all comments are skipped.
 *
 * <p>A chunk with an end offset yields the rows whose opening {@code (} lies before that offset, each one
 * whole, so adjacent chunks split between tuples or statements neither lose nor repeat a row.
 */
final class SqlRowReader implements RowReader {
    private enum State { STATEMENT, TUPLE, AFTER_TUPLE, DONE }

    private final SqlInput in;
    private final SqlLexer lexer;
    private final SqlValueReader values;
    private final long end;
    private final boolean startsInsideFile;
    private final ByteBuilder word = new ByteBuilder(32);
    private State state = State.STATEMENT;
    private boolean atChunkStart = true;
    private List<String> columns;
    private List<String> resumeColumns;
    private Object[] rowValues = new Object[16];

    SqlRowReader(DataChunk chunk, InputStream stream) {
        this(chunk, stream, SqlInput.DEFAULT_BUFFER_SIZE);
    }

    SqlRowReader(DataChunk chunk, InputStream stream, int bufferSize) {
        this(chunk, stream, bufferSize, TextDecoder.binary());
    }

    SqlRowReader(DataChunk chunk, InputStream stream, int bufferSize, TextDecoder text) {
        this.in = new SqlInput(stream, chunk.start(), bufferSize);
        this.lexer = new SqlLexer(in, chunk.file(), chunk.table() == null ? null : chunk.table().toString());
        this.values = new SqlValueReader(lexer, text);
        this.end = chunk.end();
        this.startsInsideFile = chunk.start() > 0;
    }

    @Override
    public SourceRow next() throws IOException {
        for (;;) {
            switch (state) {
                case STATEMENT -> nextStatement();
                case TUPLE -> {
                    int c = lexer.skipBlanks();
                    if (end >= 0 && in.offset() >= end) {
                        state = State.DONE;
                        return null;
                    }
                    if (c != '(') {
                        throw lexer.errorHere("expected '(' to start a row of VALUES");
                    }
                    SourceRow row = readTuple();
                    state = State.AFTER_TUPLE;
                    return row;
                }
                case AFTER_TUPLE -> {
                    int c = lexer.skipBlanks();
                    if (c == ',') {
                        in.pos++;
                        state = State.TUPLE;
                    } else if (c == ';' || c < 0) {
                        // A missing ';' at the very end of the file is tolerated.
                        if (c == ';') {
                            in.pos++;
                        }
                        columns = null;
                        state = State.STATEMENT;
                    } else {
                        throw lexer.errorHere("expected ',' or ';' after a row of VALUES");
                    }
                }
                case DONE -> {
                    return null;
                }
            }
        }
    }

    /** Moves to the first tuple of the next INSERT/REPLACE, or to DONE. */
    private void nextStatement() throws IOException {
        boolean first = atChunkStart;
        atChunkStart = false;
        int c = lexer.skipBlanks();
        if (c < 0 || end >= 0 && in.offset() >= end) {
            state = State.DONE;
            return;
        }
        if (c == ';') {
            in.pos++;
            return;
        }
        if (first && startsInsideFile && (c == '(' || c == ',')) {
            // A chunk resumed between two tuples: the rest of the statement's rows follow. Its column list
            // lies before the chunk: rows come with the one a checkpoint gave, else without one.
            if (c == ',') {
                in.pos++;
            }
            columns = resumeColumns;
            state = State.TUPLE;
            return;
        }
        if (first && in.offset() == 0 && c == 0xEF && in.peekAt(1) == 0xBB && in.peekAt(2) == 0xBF) {
            in.pos += 3; // UTF-8 byte order mark
            return;
        }
        if (c == '-' && in.peekAt(1) == '-') {
            // "--comment" without the blank MySQL wants: hand-edited files have it; between statements it is harmless.
            lexer.skipLine();
            return;
        }
        if (!SqlLexer.isWordByte(c)) {
            throw lexer.errorHere("expected a statement");
        }
        long start = in.offset();
        lexer.readWord(word);
        if (word.equalsIgnoreCase("INSERT") || word.equalsIgnoreCase("REPLACE")) {
            readInsertHeader(start);
            state = State.TUPLE;
        } else if (isKeyword(word)) {
            lexer.skipStatement();
        } else {
            // Every statement starts with an ASCII keyword; anything else means the file is not SQL (binary
            // data, a wrong extension), and skipping it as a statement would drop it without a word.
            throw lexer.error(start, "expected a statement (INSERT, REPLACE, SET, ...) but the file does not look like"
                    + " SQL here", new String(word.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1)
                    .replaceAll("[^\\x20-\\x7e]", "?"));
        }
    }

    /** A word that can start a SQL statement: ASCII letters only, as every statement keyword is. */
    private static boolean isKeyword(ByteBuilder word) {
        byte[] b = word.data;
        if (word.size == 0 || word.size > 16) {
            return false;
        }
        for (int i = 0; i < word.size; i++) {
            int c = b[i];
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
                return false;
            }
        }
        return true;
    }

    /** {@code [LOW_PRIORITY|DELAYED|HIGH_PRIORITY] [IGNORE] [INTO] tbl [(col, ...)] VALUES} */
    private void readInsertHeader(long statementStart) throws IOException {
        String name;
        for (;;) {
            boolean quoted = lexer.skipBlanks() == '`' || in.peek() == '"';
            name = lexer.readIdentifier(word);
            if (name == null || quoted || !isInsertModifier(name)) {
                break;
            }
        }
        if (name == null) {
            throw lexer.errorHere("expected a table name after INSERT INTO");
        }
        if (lexer.skipBlanks() == '.') {
            in.pos++;
            lexer.skipBlanks();
            if (lexer.readIdentifier(word) == null) {
                throw lexer.errorHere("expected a table name after '.'");
            }
        }
        int c = lexer.skipBlanks();
        columns = null;
        if (c == '(') {
            columns = readColumnList();
            lexer.skipBlanks();
        }
        long at = in.offset();
        lexer.readWord(word);
        if (!word.equalsIgnoreCase("VALUES") && !word.equalsIgnoreCase("VALUE")) {
            String seen = new String(word.data, 0, word.size, StandardCharsets.UTF_8);
            throw lexer.errorAfter(at, "INSERT without VALUES (only INSERT ... VALUES statements can be imported; "
                    + "the statement starts at byte " + statementStart + ")", seen);
        }
    }

    private static boolean isInsertModifier(String w) {
        return w.equalsIgnoreCase("INTO") || w.equalsIgnoreCase("IGNORE") || w.equalsIgnoreCase("LOW_PRIORITY")
                || w.equalsIgnoreCase("DELAYED") || w.equalsIgnoreCase("HIGH_PRIORITY");
    }

    private List<String> readColumnList() throws IOException {
        in.pos++;
        List<String> names = new ArrayList<>();
        if (lexer.skipBlanks() == ')') {
            in.pos++;
            return List.of();
        }
        for (;;) {
            lexer.skipBlanks();
            String name = lexer.readIdentifier(word);
            if (name == null) {
                throw lexer.errorHere("expected a column name in the column list");
            }
            names.add(name);
            int c = lexer.skipBlanks();
            if (c != ')' && c != ',') {
                throw lexer.errorHere("expected ',' or ')' in the column list");
            }
            in.pos++;
            if (c == ')') {
                return List.copyOf(names);
            }
        }
    }

    private SourceRow readTuple() throws IOException {
        long start = in.offset();
        in.pos++;
        int n = 0;
        int c = lexer.skipBlanks();
        if (c == ')') {
            in.pos++;
            return new SourceRow(new Object[0], columns, start, in.offset());
        }
        for (;;) {
            if (c == ')' || c == ',') {
                throw lexer.errorHere("a value is missing in the row starting at byte " + start);
            }
            Object v = values.read(c);
            if (n == rowValues.length) {
                rowValues = Arrays.copyOf(rowValues, n * 2);
            }
            rowValues[n++] = v;
            c = lexer.skipBlanks();
            if (c == ',') {
                in.pos++;
                c = lexer.skipBlanks();
            } else if (c == ')') {
                in.pos++;
                break;
            } else if (c < 0) {
                throw lexer.errorHere("missing ')' at end of file: the row starting at byte " + start
                        + " is not closed");
            } else {
                throw lexer.errorHere("expected ',' or ')' after a value in the row starting at byte " + start);
            }
        }
        Object[] out = Arrays.copyOf(rowValues, n);
        Arrays.fill(rowValues, 0, n, null);
        return new SourceRow(out, columns, start, in.offset());
    }

    /** Byte offsets of this format are row boundaries, so a checkpoint's offset is a valid restart point. */
    @Override
    public boolean resumeWith(List<String> statementColumns) {
        resumeColumns = statementColumns;
        return true;
    }

    /** Current size of the read window, for tests proving memory stays bounded. */
    int bufferCapacity() {
        return in.capacity();
    }

    /** Current size of the reusable value buffer, for tests proving memory stays bounded. */
    int scratchCapacity() {
        return values.scratchCapacity();
    }

    @Override
    public void close() throws IOException {
        state = State.DONE;
        in.close();
    }
}
