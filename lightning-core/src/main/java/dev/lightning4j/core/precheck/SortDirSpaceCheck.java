package dev.lightning4j.core.precheck;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportOptions;
import dev.lightning4j.PrecheckFinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * When a sort directory is given ({@code sorted-kv-dir}, used by the physical backend), it exists or can
 * be created, and its file system has room for the source's size, which is about what sorted KV pairs take,
 * or a {@code tikv-importer.disk-quota} below its free space keeps the engines within it.
 */
final class SortDirSpaceCheck implements PrecheckCheck {
    static final String OPTION = "sorted-kv-dir";
    /** The same option under its TOML key. */
    static final String TOML_KEY = "tikv-importer.sorted-kv-dir";
    static final String QUOTA_KEY = "tikv-importer.disk-quota";

    @Override
    public String name() {
        return "sort-dir-space";
    }

    @Override
    public void run(PrecheckContext ctx, List<PrecheckFinding> out) {
        String dir = ctx.config().option(OPTION, ctx.config().option(TOML_KEY, null));
        if (dir == null || dir.isBlank()) {
            return;
        }
        Path p = Path.of(dir).toAbsolutePath();
        Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent(); // the directory may be created later; measure its nearest parent
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            out.add(PrecheckFinding.error(name(), ErrorCode.INVALID_OPTION, OPTION + " " + p
                    + " is not a writable directory", "choose a writable directory on a fast local disk"));
            return;
        }
        long needed = ctx.plan().bytes();
        long free;
        try {
            free = Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            out.add(PrecheckFinding.warning(name(), "cannot read the free space of " + p + ": " + e.getMessage(),
                    "make sure it has room for about " + needed + " bytes"));
            return;
        }
        String quota = ctx.config().option(QUOTA_KEY, null);
        out.add(judge(p, free, needed, quota == null || quota.isBlank() ? 0
                : ImportOptions.require(QUOTA_KEY).parseSize(quota)));
    }

    /**
     * TiDB Lightning's verdict on the sort directory's room: enough for the source passes; short of it with a
     * disk quota below the free space is a warning (the largest tables are imported early to stay under the
     * quota, which slows the import); short of it without such a quota stops the import.
     *
     * @param dir    the sort directory
     * @param free   its file system's usable bytes
     * @param needed the estimate of the sorted pairs' size (the source's size)
     * @param quota  {@code tikv-importer.disk-quota}, 0 when none
     * @return the finding
     */
    PrecheckFinding judge(Path dir, long free, long needed, long quota) {
        if (free >= needed) {
            return PrecheckFinding.ok(name(), OPTION + " " + dir + " has " + free + " bytes free for " + needed);
        }
        String shortOf = OPTION + " " + dir + " has " + free + " bytes free but the source holds " + needed
                + " bytes, about what its sorted pairs take";
        if (quota > 0 && quota < free) {
            return PrecheckFinding.warning(name(), shortOf + "; " + QUOTA_KEY + " (" + quota + " bytes) will import"
                    + " the largest tables early to stay within it, which slows the import", "choose a larger disk"
                    + " for a faster import");
        }
        return PrecheckFinding.error(name(), ErrorCode.INVALID_OPTION, shortOf + (quota > 0 ? " and " + QUOTA_KEY
                + " (" + quota + " bytes) is not below the free space" : ""), "set " + QUOTA_KEY + " below " + free
                + " bytes (the largest tables are then imported early), free space, or choose a larger disk");
    }
}
