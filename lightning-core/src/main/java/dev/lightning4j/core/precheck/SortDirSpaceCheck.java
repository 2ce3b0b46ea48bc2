package dev.lightning4j.core.precheck;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.PrecheckFinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * When a sort directory is given ({@code sorted-kv-dir}, used by the physical backend), it exists or can
 * be created, and its file system has room for the source's size, which is about what sorted KV pairs take.
 */
final class SortDirSpaceCheck implements PrecheckCheck {
    static final String OPTION = "sorted-kv-dir";
    /** The same option under its TOML key. */
    static final String TOML_KEY = "tikv-importer.sorted-kv-dir";

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
        if (free < needed) {
            out.add(PrecheckFinding.error(name(), ErrorCode.INVALID_OPTION, OPTION + " " + p + " has " + free
                    + " bytes free but the source holds " + needed + " bytes", "free space or choose a larger disk"));
        } else {
            out.add(PrecheckFinding.ok(name(), OPTION + " " + p + " has " + free + " bytes free for " + needed));
        }
    }
}
