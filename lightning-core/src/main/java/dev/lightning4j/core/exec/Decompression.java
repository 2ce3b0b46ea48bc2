package dev.lightning4j.core.exec;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.spi.CompressionProvider;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Finds the decompressor for a data file's compression suffix among the providers of one import (those registered
 * by hand first, then discovered ones). Which suffixes may appear at all is the router's rule.
 */
public final class Decompression {
    private final List<CompressionProvider> providers;

    public Decompression(List<CompressionProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    /** The provider for a suffix, or null. */
    public CompressionProvider provider(String compression) {
        String c = compression.toLowerCase(Locale.ROOT);
        for (CompressionProvider p : providers) {
            if (p.suffixes().contains(c)) {
                return p;
            }
        }
        return null;
    }

    /** Suffixes some provider reads, for messages. */
    public TreeSet<String> suffixes() {
        TreeSet<String> known = new TreeSet<>();
        providers.forEach(p -> known.addAll(p.suffixes()));
        return known;
    }

    /** The decompressed stream, or {@code raw} itself for an uncompressed file. */
    public InputStream wrap(InputStream raw, String compression, String file) throws IOException {
        if (compression == null) {
            return raw;
        }
        CompressionProvider p = provider(compression);
        if (p == null) {
            throw missing(compression, file, null);
        }
        return p.decompress(raw);
    }

    /** The error for a suffix no provider reads. */
    public ImportException missing(String compression, String file, String table) {
        TreeSet<String> known = suffixes();
        return new ImportException(ErrorCode.PROVIDER_NOT_FOUND, "no decompressor for ." + compression + " files"
                + (known.isEmpty() ? "; add lightning-sources to the class path" : " (available: " + known + ")")
                + ", or decompress the file first", file, -1, table, null, null);
    }
}
