package dev.lightning4j.sources.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns the raw bytes of one value into text for the target, after Lightning's {@code data-character-set}:
 * {@code binary} keeps today's behaviour (a String when the bytes are valid UTF-8, else the bytes); every other
 * character set yields a String, with each invalid byte sequence replaced by {@code data-invalid-char-replace}
 * or reported. One instance per reader: it keeps a decoder and is not thread-safe.
 */
public final class TextDecoder {
    /** MySQL's latin1 is Windows-1252 with the five unassigned bytes kept as the same code points. */
    private static final char[] LATIN1 = latin1Table();

    private final String charset;
    private final String replacement;
    private final CharsetDecoder decoder;
    private CharBuffer chars = CharBuffer.allocate(256);

    private TextDecoder(String charset, String replacement, CharsetDecoder decoder) {
        this.charset = charset;
        this.replacement = replacement;
        this.decoder = decoder;
    }

    /** Bytes as they are: no conversion. */
    public static TextDecoder binary() {
        return new TextDecoder("binary", null, null);
    }

    /**
     * @param charset     {@code binary}, {@code utf8mb4} (or {@code utf8}), {@code gbk}, {@code gb18030},
     *                    {@code latin1} or {@code ascii}
     * @param replacement text put in place of each invalid byte sequence, or null to report them
     */
    public static TextDecoder of(String charset, String replacement) {
        String cs = charset == null ? "binary" : charset.trim().toLowerCase(Locale.ROOT);
        return switch (cs) {
            case "binary", "" -> binary();
            case "utf8mb4", "utf8", "utf-8" -> new TextDecoder("utf8mb4", replacement, strict(StandardCharsets.UTF_8));
            case "gbk" -> new TextDecoder(cs, replacement, strict(Charset.forName("GBK")));
            case "gb18030" -> new TextDecoder(cs, replacement, strict(Charset.forName("GB18030")));
            case "latin1", "ascii" -> new TextDecoder(cs, replacement, null);
            default -> throw new IllegalArgumentException("unsupported character set '" + charset
                    + "'; use binary, utf8mb4, gbk, gb18030, latin1 or ascii");
        };
    }

    public String charset() {
        return charset;
    }

    public boolean isBinary() {
        return charset.equals("binary");
    }

    /**
     * The value of {@code b[off, off+len)}.
     *
     * @throws InvalidTextException when the bytes are invalid in the character set and there is no replacement
     */
    public Object decode(byte[] b, int off, int len) {
        if (isBinary()) {
            return Utf8.decode(b, off, len);
        }
        int end = off + len;
        int i = off;
        while (i < end && b[i] >= 0) {
            i++;
        }
        if (i == end) {
            // ASCII is the same in every supported character set.
            return new String(b, off, len, StandardCharsets.ISO_8859_1);
        }
        return switch (charset) {
            case "latin1" -> latin1(b, off, len);
            case "ascii" -> ascii(b, off, len, i);
            default -> decoded(b, off, len);
        };
    }

    private String latin1(byte[] b, int off, int len) {
        char[] out = new char[len];
        for (int k = 0; k < len; k++) {
            out[k] = LATIN1[b[off + k] & 0xFF];
        }
        return new String(out);
    }

    private String ascii(byte[] b, int off, int len, int firstBad) {
        if (replacement == null) {
            throw new InvalidTextException(charset, firstBad - off);
        }
        StringBuilder sb = new StringBuilder(len);
        for (int k = off; k < off + len; k++) {
            if (b[k] >= 0) {
                sb.append((char) b[k]);
            } else {
                sb.append(replacement);
            }
        }
        return sb.toString();
    }

    private String decoded(byte[] b, int off, int len) {
        if (charset.equals("utf8mb4") && Utf8.isValid(b, off, off + len)) {
            return new String(b, off, len, StandardCharsets.UTF_8);
        }
        ByteBuffer in = ByteBuffer.wrap(b, off, len);
        decoder.reset();
        chars.clear();
        StringBuilder sb = new StringBuilder(len + 16);
        while (true) {
            CoderResult r = decoder.decode(in, chars, true);
            if (r.isOverflow()) {
                drain(sb);
            } else if (r.isError()) {
                if (replacement == null) {
                    throw new InvalidTextException(charset, in.position() - off);
                }
                drain(sb);
                sb.append(replacement);
                in.position(in.position() + r.length());
            } else {
                break; // underflow with endOfInput: every byte is consumed
            }
        }
        while (decoder.flush(chars).isOverflow()) {
            drain(sb);
        }
        drain(sb);
        return sb.toString();
    }

    private void drain(StringBuilder sb) {
        chars.flip();
        sb.append(chars);
        chars.clear();
    }
    private static CharsetDecoder strict(Charset cs) {
        return cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static char[] latin1Table() {
        char[] t = new char[256];
        Charset cp1252 = Charset.forName("windows-1252");
        for (int i = 0; i < 256; i++) {
            CharsetDecoder d = cp1252.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            try {
                t[i] = d.decode(ByteBuffer.wrap(new byte[] {(byte) i})).charAt(0);
            } catch (java.nio.charset.CharacterCodingException e) {
                t[i] = (char) i;
            }
        }
        return t;
    }

    /** Bytes that are not valid in the data's character set, with no replacement configured. */
    public static final class InvalidTextException extends RuntimeException {
        private final String charset;
        private final int index;

        InvalidTextException(String charset, int index) {
            super(null, null, false, false);
            this.charset = charset;
            this.index = index;
        }

        /** Offset of the first invalid byte within the value's bytes. */
        public int index() {
            return index;
        }

        /** The explanation with what to do, for an error message. */
        public String describe() {
            return "bytes that are not valid " + charset + " (data-character-set); set data-character-set to the"
                    + " files' character set, or set data-invalid-char-replace to replace invalid bytes";
        }
    }
}
