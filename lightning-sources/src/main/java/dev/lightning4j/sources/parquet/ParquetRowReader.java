package dev.lightning4j.sources.parquet;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.spi.SeekableSource;
import dev.lightning4j.spi.SourceRow;
import dev.lightning4j.spi.RowReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Rows of a flat Parquet file, one row group after another, each column streamed page by page. Rows carry the
 * Parquet column names, so the engine maps them by name. A row's offsets are its ordinal in the file (row
 * {@code n} spans {@code [n, n+1)}): Parquet has no byte position per row.
 */
final class ParquetRowReader implements RowReader {
    private final SeekableSource source;
    private final String file;
    private final String table;
    private final FileMetaData meta;
    private final MessageType schema;
    private final List<String> names;
    private final ParquetValues.Decoder[] decoders;
    private final String createdBy;
    private int rowGroup = -1;
    private long rowsLeftInGroup;
    private long rowOrdinal;
    private ColumnReader[] readers;
    private ColumnChunkPages[] pages;

    ParquetRowReader(SeekableSource source, String file, String table) throws IOException {
        this.source = source;
        this.file = file;
        this.table = table;
        try {
            this.meta = ParquetFooter.read(source);
        } catch (IOException | RuntimeException e) {
            throw error("cannot read the Parquet footer: " + message(e) + "; check that the file is complete",
                    source.size(), e);
        }
        List<SchemaElement> elements = meta.getSchema();
        if (elements == null || elements.isEmpty()) {
            throw error("the Parquet footer has no schema", -1, null);
        }
        List<Type> fields = new ArrayList<>();
        List<String> columnNames = new ArrayList<>();
        List<ParquetValues.Decoder> decs = new ArrayList<>();
        for (int i = 1; i < elements.size(); i++) {
            SchemaElement e = elements.get(i);
            if (e.isSetNum_children() && e.getNum_children() > 0 || !e.isSetType()) {
                throw error("column " + e.getName() + " is nested (a group, list or map), which cannot be imported "
                        + "into a table; flatten the file first", -1, null);
            }
            Type.Repetition repetition = e.isSetRepetition_type()
                    ? Type.Repetition.valueOf(e.getRepetition_type().name()) : Type.Repetition.OPTIONAL;
            if (repetition == Type.Repetition.REPEATED) {
                throw error("column " + e.getName() + " is repeated, which cannot be imported into a table; "
                        + "flatten the file first", -1, null);
            }
            ParquetValues.Decoder d = ParquetValues.decoder(e);
            if (d == null) {
                throw error("column " + e.getName() + " has the unsupported type " + e.getType(), -1, null);
            }
            fields.add(new PrimitiveType(repetition, primitive(e.getType()),
                    e.isSetType_length() ? e.getType_length() : 0, e.getName()));
            columnNames.add(e.getName());
            decs.add(d);
        }
        this.schema = new MessageType(elements.get(0).getName(), fields);
        this.names = List.copyOf(columnNames);
        this.decoders = decs.toArray(new ParquetValues.Decoder[0]);
        this.createdBy = meta.isSetCreated_by() ? meta.getCreated_by() : "";
    }

    @Override
    public SourceRow next() throws IOException {
        int column = -1;
        try {
            while (rowsLeftInGroup == 0) {
                if (!nextRowGroup()) {
                    return null;
                }
            }
            Object[] values = new Object[readers.length];
            for (column = 0; column < readers.length; column++) {
                ColumnReader r = readers[column];
                if (r.getCurrentDefinitionLevel() == r.getDescriptor().getMaxDefinitionLevel()) {
                    values[column] = decoders[column].read(r);
                }
                r.consume();
            }
            rowsLeftInGroup--;
            long ordinal = rowOrdinal++;
            return new SourceRow(values, names, ordinal, ordinal + 1);
        } catch (ParquetCorruptException e) {
            throw error("row group " + rowGroup + ", column " + names.get(Math.max(column, 0)) + ": "
                    + e.getMessage() + "; the file is corrupt or truncated, write it again", e.offset, e);
        } catch (ImportException e) {
            // Already says where (nextRowGroup names the row group and column).
            throw e;
        } catch (RuntimeException e) {
            long at = pages != null && column >= 0 && column < pages.length ? pages[column].position() : -1;
            throw error("row group " + rowGroup + (column >= 0 && column < names.size() ? ", column "
                    + names.get(column) : "") + ": cannot decode the data: " + message(e)
                    + "; the file is corrupt or written in an unsupported way", at, e);
        }
    }

    private boolean nextRowGroup() throws IOException {
        closePages();
        rowGroup++;
        if (rowGroup >= meta.getRow_groups().size()) {
            return false;
        }
        RowGroup g = meta.getRow_groups().get(rowGroup);
        List<ColumnChunk> chunks = g.getColumns();
        if (chunks.size() != names.size()) {
            throw error("row group " + rowGroup + " has " + chunks.size() + " columns, the schema " + names.size(),
                    -1, null);
        }
        rowsLeftInGroup = g.getNum_rows();
        if (rowsLeftInGroup == 0) {
            return true;
        }
        List<ColumnDescriptor> columns = schema.getColumns();
        Map<ColumnDescriptor, PageReader> byColumn = new HashMap<>();
        pages = new ColumnChunkPages[chunks.size()];
        for (int i = 0; i < chunks.size(); i++) {
            ColumnChunk c = chunks.get(i);
            if (c.isSetFile_path()) {
                throw error("column " + names.get(i) + " of row group " + rowGroup + " is stored in another file ("
                        + c.getFile_path() + "), which is not supported", -1, null);
            }
            if (!PageCodec.supported(c.getMeta_data().getCodec())) {
                throw error("column " + names.get(i) + " of row group " + rowGroup + " is compressed with "
                        + c.getMeta_data().getCodec() + "; only uncompressed, SNAPPY, GZIP and ZSTD pages are "
                        + "supported: write the file with one of them", -1, null);
            }
            pages[i] = new ColumnChunkPages(source, c.getMeta_data());
            byColumn.put(columns.get(i), pages[i]);
        }
        long rowCount = rowsLeftInGroup;
        PageReadStore store = new PageReadStore() {
            @Override
            public PageReader getPageReader(ColumnDescriptor descriptor) {
                return byColumn.get(descriptor);
            }

            @Override
            public long getRowCount() {
                return rowCount;
            }
        };
        ColumnReadStoreImpl readStore = new ColumnReadStoreImpl(store, new NoConverter(columns.size()), schema,
                createdBy);
        readers = new ColumnReader[columns.size()];
        for (int i = 0; i < readers.length; i++) {
            // A column reader reads its first pages now: a damaged one must be reported with this column's name.
            try {
                readers[i] = readStore.getColumnReader(columns.get(i));
            } catch (ParquetCorruptException e) {
                throw error("row group " + rowGroup + ", column " + names.get(i) + ": " + e.getMessage()
                        + "; the file is corrupt or truncated, write it again", e.offset, e);
            } catch (RuntimeException e) {
                throw error("row group " + rowGroup + ", column " + names.get(i) + ": cannot decode the data: "
                        + message(e) + "; the file is corrupt or written in an unsupported way", pages[i].position(), e);
            }
        }
        return true;
    }

    private static PrimitiveType.PrimitiveTypeName primitive(org.apache.parquet.format.Type t) {
        return switch (t) {
            case BOOLEAN -> PrimitiveType.PrimitiveTypeName.BOOLEAN;
            case INT32 -> PrimitiveType.PrimitiveTypeName.INT32;
            case INT64 -> PrimitiveType.PrimitiveTypeName.INT64;
            case INT96 -> PrimitiveType.PrimitiveTypeName.INT96;
            case FLOAT -> PrimitiveType.PrimitiveTypeName.FLOAT;
            case DOUBLE -> PrimitiveType.PrimitiveTypeName.DOUBLE;
            case BYTE_ARRAY -> PrimitiveType.PrimitiveTypeName.BINARY;
            case FIXED_LEN_BYTE_ARRAY -> PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
        };
    }

    private ImportException error(String reason, long offset, Throwable cause) {
        return new ImportException(ErrorCode.SOURCE_SYNTAX, reason, file, offset, table, null, cause);
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private void closePages() throws IOException {
        if (pages != null) {
            for (ColumnChunkPages p : pages) {
                if (p != null) {
                    p.close();
                }
            }
            pages = null;
        }
        readers = null;
    }

    @Override
    public void close() throws IOException {
        closePages();
    }

    /** Values are taken from the column readers directly; the converter tree only has to exist. */
    private static final class NoConverter extends GroupConverter {
        private final PrimitiveConverter leaf = new PrimitiveConverter() {
        };
        private final int fields;

        NoConverter(int fields) {
            this.fields = fields;
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            if (fieldIndex >= fields) {
                throw new IndexOutOfBoundsException(fieldIndex);
            }
            return leaf;
        }

        @Override
        public void start() {
        }

        @Override
        public void end() {
        }
    }
}
