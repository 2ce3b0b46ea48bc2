package dev.lightning4j.core;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportConfig;
import dev.lightning4j.ImportException;
import dev.lightning4j.core.exec.Decompression;
import dev.lightning4j.spi.CompressionProvider;
import dev.lightning4j.spi.FormatProvider;
import dev.lightning4j.spi.Storage;
import dev.lightning4j.spi.StorageProvider;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Storages and formats of one import: those registered by hand first, then those found by ServiceLoader. */
final class Providers {
    private static final Pattern URL_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");

    private final List<StorageProvider> storages = new ArrayList<>();
    private final List<FormatProvider> formats = new ArrayList<>();
    private final Decompression decompression;

    Providers(ImportConfig config) {
        storages.addAll(config.storageProviders());
        ServiceLoader.load(StorageProvider.class, config.classLoader()).forEach(storages::add);
        formats.addAll(config.formatProviders());
        ServiceLoader.load(FormatProvider.class, config.classLoader()).forEach(formats::add);
        List<CompressionProvider> compressions = new ArrayList<>(config.compressionProviders());
        ServiceLoader.load(CompressionProvider.class, config.classLoader()).forEach(compressions::add);
        decompression = new Decompression(compressions);
    }

    /** Opens the source: a URL by its scheme, anything else as a local path. */
    Storage openStorage(String source) {
        URI uri = toUri(source);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        for (StorageProvider p : storages) {
            if (p.schemes().contains(scheme)) {
                try {
                    return p.open(uri);
                } catch (IOException e) {
                    throw new ImportException(ErrorCode.SOURCE_NOT_FOUND, "cannot open the source "
                            + dev.lightning4j.TargetSpec.redactUrl(source) + ": " + e.getMessage()
                            + "; check data-source-dir", e);
                }
            }
        }
        TreeSet<String> known = new TreeSet<>();
        storages.forEach(p -> known.addAll(p.schemes()));
        throw new ImportException(ErrorCode.PROVIDER_NOT_FOUND, "no storage serves '" + scheme + "://' sources"
                + (known.isEmpty() ? "; add lightning-sources to the class path" : "; available: " + known));
    }

    static URI toUri(String source) {
        if (URL_SCHEME.matcher(source).matches() || source.startsWith("file:")) {
            try {
                return new URI(source);
            } catch (URISyntaxException e) {
                throw new ImportException(ErrorCode.INVALID_OPTION, "data-source-dir: '"
                        + dev.lightning4j.TargetSpec.redactUrl(source) + "' is not a valid URL: " + e.getReason());
            }
        }
        return Path.of(source).toAbsolutePath().normalize().toUri();
    }

    FormatProvider format(String name) {
        for (FormatProvider p : formats) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        return null;
    }

    Decompression decompression() {
        return decompression;
    }

    List<String> formatNames() {
        return formats.stream().map(FormatProvider::name).toList();
    }
}
