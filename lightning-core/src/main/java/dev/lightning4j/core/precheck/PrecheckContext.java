package dev.lightning4j.core.precheck;

import dev.lightning4j.ImportConfig;
import dev.lightning4j.core.exec.Decompression;
import dev.lightning4j.core.plan.ImportPlan;
import dev.lightning4j.spi.FormatProvider;
import dev.lightning4j.spi.Storage;
import dev.lightning4j.spi.StorageFile;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * What the checks look at, all already opened: the source and its listing and plan, and the target.
 *
 * @param formats              the parser for a format name, or null when there is none
 * @param requiresEmptyTables  whether the backend needs empty target tables
 * @param decompression        the decompressors of the import
 */
public record PrecheckContext(ImportConfig config, Storage storage, List<StorageFile> files, ImportPlan plan,
        DataSource dataSource, boolean requiresEmptyTables, Function<String, FormatProvider> formats,
        Decompression decompression) {
}
