package dev.lightning4j.physical.codec;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * JSON text to TiDB's binary JSON ({@code types.BinaryJSON}): type code, then the value. Objects and
 * arrays are {@code u32 count, u32 size}, key entries {@code (u32 offset, u16 length)}, value entries
 * {@code (type, u32 offset-or-inline-literal)}, keys, values; all little-endian. Object keys are sorted by
 * their bytes and the last duplicate wins, as in TiDB.
 */
public final class JsonBinary {
    public static final int TYPE_OBJECT = 0x01;
    public static final int TYPE_ARRAY = 0x03;
    public static final int TYPE_LITERAL = 0x04;
    public static final int TYPE_INT64 = 0x09;
    public static final int TYPE_UINT64 = 0x0A;
    public static final int TYPE_FLOAT64 = 0x0B;
    public static final int TYPE_STRING = 0x0C;
    static final int LITERAL_NULL = 0x00;
    static final int LITERAL_TRUE = 0x01;
    static final int LITERAL_FALSE = 0x02;

    private JsonBinary() {
    }

    /**
     * @return type code followed by the binary value
     * @throws IllegalArgumentException when the text is not valid JSON
     */
    public static byte[] fromText(String text) {
        Object v = JsonText.parse(text);
        Out out = new Out();
        out.put(0);
        int type = appendValue(out, v);
        out.data[0] = (byte) type;
        return Arrays.copyOf(out.data, out.len);
    }

    private static int appendValue(Out out, Object v) {
        if (v == JsonText.NULL) {
            out.put(LITERAL_NULL);
            return TYPE_LITERAL;
        }
        if (v instanceof Boolean b) {
            out.put(b ? LITERAL_TRUE : LITERAL_FALSE);
            return TYPE_LITERAL;
        }
        if (v instanceof Long l) {
            out.putLE(l, 8);
            return TYPE_INT64;
        }
        if (v instanceof BigInteger u) {
            out.putLE(u.longValue(), 8);
            return TYPE_UINT64;
        }
        if (v instanceof Double d) {
            out.putLE(Double.doubleToRawLongBits(d), 8);
            return TYPE_FLOAT64;
        }
        if (v instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            long n = b.length;
            while (n >= 0x80) {
                out.put((int) (n & 0x7F) | 0x80);
                n >>>= 7;
            }
            out.put((int) n);
            out.put(b);
            return TYPE_STRING;
        }
        if (v instanceof List<?> list) {
            int docOff = out.len;
            out.putLE(list.size(), 4);
            out.putLE(0, 4);
            int valEntryBegin = out.len;
            out.zero(list.size() * 5);
            for (int i = 0; i < list.size(); i++) {
                appendElem(out, docOff, valEntryBegin + i * 5, list.get(i));
            }
            out.setLE(docOff + 4, out.len - docOff, 4);
            return TYPE_ARRAY;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) v;
        byte[][] keys = new byte[map.size()][];
        Object[] vals = new Object[map.size()];
        int k = 0;
        for (Map.Entry<String, Object> e : map.entrySet()) {
            keys[k] = e.getKey().getBytes(StandardCharsets.UTF_8);
            vals[k] = e.getValue();
            k++;
        }
        Integer[] idx = new Integer[keys.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Arrays.compareUnsigned(keys[a], keys[b]));
        int docOff = out.len;
        out.putLE(keys.length, 4);
        out.putLE(0, 4);
        int keyEntryBegin = out.len;
        out.zero(keys.length * 6);
        int valEntryBegin = out.len;
        out.zero(keys.length * 5);
        for (int i = 0; i < idx.length; i++) {
            byte[] key = keys[idx[i]];
            if (key.length > 0xFFFF) {
                throw new IllegalArgumentException("JSON object key longer than 65535 bytes");
            }
            out.setLE(keyEntryBegin + i * 6, out.len - docOff, 4);
            out.setLE(keyEntryBegin + i * 6 + 4, key.length, 2);
            out.put(key);
        }
        for (int i = 0; i < idx.length; i++) {
            appendElem(out, docOff, valEntryBegin + i * 5, vals[idx[i]]);
        }
        out.setLE(docOff + 4, out.len - docOff, 4);
        return TYPE_OBJECT;
    }

    private static void appendElem(Out out, int docOff, int entryOff, Object v) {
        int elemOff = out.len;
        int type = appendValue(out, v);
        if (type == TYPE_LITERAL) {
            // Literals live inside the entry itself.
            int lit = out.data[elemOff];
            out.len = elemOff;
            out.data[entryOff + 1] = (byte) lit;
        } else {
            out.setLE(entryOff + 1, elemOff - docOff, 4);
        }
        out.data[entryOff] = (byte) type;
    }

    private static final class Out {
        byte[] data = new byte[64];
        int len;

        void ensure(int n) {
            if (len + n > data.length) {
                data = Arrays.copyOf(data, Math.max(len + n, data.length * 2));
            }
        }

        void put(int b) {
            ensure(1);
            data[len++] = (byte) b;
        }

        void put(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, data, len, b.length);
            len += b.length;
        }

        void zero(int n) {
            ensure(n);
            Arrays.fill(data, len, len + n, (byte) 0);
            len += n;
        }

        void putLE(long v, int w) {
            ensure(w);
            setLE(len, v, w);
            len += w;
        }

        void setLE(int pos, long v, int w) {
            for (int i = 0; i < w; i++) {
                data[pos + i] = (byte) v;
                v >>>= 8;
            }
        }
    }
}
