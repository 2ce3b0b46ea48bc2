package dev.lightning4j.sources.parquet;

import dev.lightning4j.spi.SeekableSource;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.DictionaryPageHeader;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.Util;

/**
 * The pages of one column chunk, read one at a time from a stream positioned at the chunk's first page, so that
 * memory holds one page per column whatever the row group's size.
 */
final class ColumnChunkPages implements PageReader, Closeable {
    private final SeekableSource source;
    private final ColumnMetaData meta;
    private final long start;
    private final long end;
    private InputStream in;
    /** Offset in the file of the next byte of {@code in}. */
    private long position;
    private long valuesRead;
    private PageHeader pending;
    private long pendingOffset;

    ColumnChunkPages(SeekableSource source, ColumnMetaData meta) {
        this.source = source;
        this.meta = meta;
        long dict = meta.isSetDictionary_page_offset() ? meta.getDictionary_page_offset() : -1;
        // Some writers set a dictionary offset of 0 without a dictionary: only an offset before the data counts.
        this.start = dict > 0 && dict < meta.getData_page_offset() ? dict : meta.getData_page_offset();
        this.end = start + meta.getTotal_compressed_size();
        this.position = start;
    }

    /** Offset of the page being read, for messages. */
    long position() {
        return position;
    }

    @Override
    public long getTotalValueCount() {
        return meta.getNum_values();
    }

    @Override
    public DictionaryPage readDictionaryPage() {
        try {
            long at = position;
            PageHeader h = nextHeader();
            if (h == null) {
                return null;
            }
            if (h.getType() != PageType.DICTIONARY_PAGE) {
                pending = h;
                pendingOffset = at;
                return null;
            }
            DictionaryPageHeader d = h.getDictionary_page_header();
            byte[] body = body(h);
            return new DictionaryPage(BytesInput.from(body), h.getUncompressed_page_size(), d.getNum_values(),
                    encoding(d.getEncoding()));
        } catch (IOException | RuntimeException e) {
            throw failure("dictionary page", e);
        }
    }

    @Override
    public DataPage readPage() {
        try {
            while (valuesRead < meta.getNum_values()) {
                PageHeader h = pending;
                pending = null;
                if (h == null) {
                    h = nextHeader();
                    if (h == null) {
                        throw new IOException("the column chunk ends after " + valuesRead + " of its "
                                + meta.getNum_values() + " values");
                    }
                }
                switch (h.getType()) {
                    case DATA_PAGE: {
                        DataPageHeader d = h.getData_page_header();
                        byte[] body = body(h);
                        valuesRead += d.getNum_values();
                        return new DataPageV1(BytesInput.from(body), d.getNum_values(), h.getUncompressed_page_size(),
                                null, encoding(d.getRepetition_level_encoding()),
                                encoding(d.getDefinition_level_encoding()), encoding(d.getEncoding()));
                    }
                    case DATA_PAGE_V2: {
                        DataPageHeaderV2 d = h.getData_page_header_v2();
                        valuesRead += d.getNum_values();
                        return pageV2(h, d);
                    }
                    case DICTIONARY_PAGE:
                        throw new IOException("a second dictionary page in one column chunk");
                    default:
                        // Index pages and unknown page types carry no values.
                        skipBody(h);
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            throw failure("data page", e);
        }
    }

    /** V2 pages keep their levels uncompressed in front of the (maybe compressed) values. */
    private DataPage pageV2(PageHeader h, DataPageHeaderV2 d) throws IOException {
        int rl = d.getRepetition_levels_byte_length();
        int dl = d.getDefinition_levels_byte_length();
        // Checked before reading the body, so that a damaged header is reported at its page, not as a copy error.
        if (rl < 0 || dl < 0 || (long) rl + dl > h.getCompressed_page_size()
                || (long) rl + dl > h.getUncompressed_page_size()) {
            throw new IOException("the page's level lengths (" + rl + " + " + dl + " bytes) do not fit its size ("
                    + h.getCompressed_page_size() + " bytes stored, " + h.getUncompressed_page_size()
                    + " uncompressed)");
        }
        byte[] raw = in.readNBytes(h.getCompressed_page_size());
        if (raw.length != h.getCompressed_page_size()) {
            throw new java.io.EOFException("the file ends inside a page");
        }
        position += raw.length;
        byte[] data = java.util.Arrays.copyOfRange(raw, rl + dl, raw.length);
        // is_compressed lets a writer store values uncompressed in a compressed chunk; absent means compressed.
        boolean compressed = !d.isSetIs_compressed() || d.isIs_compressed();
        // parquet-java before 1.16 stored an empty values section (a page of nulls) as 0 bytes marked compressed,
        // which is no valid input for any codec: there is nothing to decompress.
        boolean empty = data.length == 0 && h.getUncompressed_page_size() == rl + dl;
        if (compressed && !empty) {
            data = PageCodec.decompress(meta.getCodec(), data, h.getUncompressed_page_size() - rl - dl);
        }
        return DataPageV2.uncompressed(d.getNum_rows(), d.getNum_nulls(), d.getNum_values(),
                BytesInput.from(raw, 0, rl), BytesInput.from(raw, rl, dl), encoding(d.getEncoding()),
                BytesInput.from(data), null);
    }

    private PageHeader nextHeader() throws IOException {
        if (position >= end) {
            return null;
        }
        if (in == null) {
            in = new BufferedInputStream(source.open(start), 64 * 1024);
        }
        CountingHeaderStream counted = new CountingHeaderStream(in);
        PageHeader h = Util.readPageHeader(counted);
        position += counted.count;
        return h;
    }

    private byte[] body(PageHeader h) throws IOException {
        byte[] raw = in.readNBytes(h.getCompressed_page_size());
        if (raw.length != h.getCompressed_page_size()) {
            throw new java.io.EOFException("the file ends inside a page");
        }
        position += raw.length;
        return PageCodec.decompress(meta.getCodec(), raw, h.getUncompressed_page_size());
    }

    private void skipBody(PageHeader h) throws IOException {
        in.skipNBytes(h.getCompressed_page_size());
        position += h.getCompressed_page_size();
    }

    private static Encoding encoding(org.apache.parquet.format.Encoding e) {
        return Encoding.valueOf(e.name());
    }

    private ParquetCorruptException failure(String what, Exception e) {
        if (e instanceof ParquetCorruptException p) {
            return p;
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ParquetCorruptException("cannot read a " + what + " at byte " + position + ": " + m, position, e);
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
            in = null;
        }
    }

    /** Counts the bytes a Thrift page header takes, which the header does not say itself. */
    private static final class CountingHeaderStream extends java.io.FilterInputStream {
        long count;

        CountingHeaderStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public void close() {
            // The column chunk's stream stays open for the next page.
        }
    }
}
