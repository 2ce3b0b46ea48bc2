package dev.lightning4j.core.plan;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.FormatContext;
import dev.lightning4j.spi.FormatProvider;
import dev.lightning4j.spi.SplittableFormat;
import dev.lightning4j.spi.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Lightning's {@code strict-format} region splitting ({@code mydump/region.go}): an uncompressed file larger than
 * 1.1 x {@code max-region-size} whose format can find row boundaries is cut into chunks of about
 * {@code max-region-size}. Each format reads only small windows around the cut points through the storage.
 */
public final class RegionSplitter {
    private final Storage storage;
    private final Function<String, FormatProvider> formats;
    private final FormatContext context;
    private final long maxRegionSize;

    public RegionSplitter(Storage storage, Function<String, FormatProvider> formats, FormatContext context,
            long maxRegionSize) {
        this.storage = storage;
        this.formats = formats;
        this.context = context;
        this.maxRegionSize = maxRegionSize;
    }

    public ImportPlan split(ImportPlan plan) {
        List<DatabasePlan> dbs = new ArrayList<>();
        for (DatabasePlan db : plan.databases()) {
            List<TablePlan> tables = new ArrayList<>();
            for (TablePlan t : db.tables()) {
                tables.add(new TablePlan(t.name(), t.schemaFile(), split(t.chunks())));
            }
            dbs.add(new DatabasePlan(db.name(), db.schemaFile(), tables, db.views()));
        }
        return new ImportPlan(dbs);
    }

    private List<DataChunk> split(List<DataChunk> chunks) {
        List<DataChunk> out = new ArrayList<>();
        for (DataChunk c : chunks) {
            List<DataChunk> parts = List.of(c);
            if (isLarge(c) && formats.apply(c.format()) instanceof SplittableFormat s) {
                try {
                    parts = s.split(c, maxRegionSize, offset -> storage.open(c.file(), offset), context);
                } catch (IOException e) {
                    throw new ImportException(ErrorCode.SOURCE_READ, "cannot read the data file to split it: "
                            + e.getMessage(), c.file(), -1, c.table().toString(), null, e);
                }
            }
            for (DataChunk p : parts) {
                out.add(p.withIndex(out.size()));
            }
        }
        return out;
    }

    /** Only whole uncompressed files over 1.1 x the region size: compressed streams cannot be entered midway. */
    private boolean isLarge(DataChunk c) {
        return c.compression() == null && c.start() == 0 && c.end() < 0
                && c.fileSize() > maxRegionSize + maxRegionSize / 10;
    }
}
