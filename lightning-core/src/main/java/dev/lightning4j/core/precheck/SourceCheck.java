package dev.lightning4j.core.precheck;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.PrecheckFinding;
import dev.lightning4j.core.plan.TablePlan;
import dev.lightning4j.core.routing.FileRouter;
import dev.lightning4j.core.routing.FileType;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.StorageFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Every file is either routed to a table or knowingly ignored; every routed data file has a parser. */
final class SourceCheck implements PrecheckCheck {
    private static final int LISTED = 10;

    @Override
    public String name() {
        return "source-files";
    }

    @Override
    public void run(PrecheckContext ctx, List<PrecheckFinding> out) {
        FileRouter router = FileRouter.of(ctx.config());
        List<String> unrouted = new ArrayList<>();
        for (StorageFile f : ctx.files()) {
            if (router.route(f).type() == FileType.IGNORE && !knownToBeIgnored(f.path())) {
                unrouted.add(f.path());
            }
        }
        if (!unrouted.isEmpty()) {
            out.add(PrecheckFinding.warning(name(), unrouted.size() + " file(s) match no table and will not be imported: "
                    + String.join(", ", unrouted.subList(0, Math.min(LISTED, unrouted.size())))
                    + (unrouted.size() > LISTED ? ", ..." : ""),
                    "name data files {db}.{table}[.{n}].sql|csv|parquet, or remove files that are not data"));
        }
        boolean ok = true;
        for (TablePlan t : ctx.plan().tables()) {
            for (DataChunk c : t.chunks()) {
                if (ctx.formats().apply(c.format()) == null) {
                    ok = false;
                    out.add(PrecheckFinding.error(name(), ErrorCode.PROVIDER_NOT_FOUND, "no parser for the ."
                            + c.format() + " file " + c.file() + " of " + t.name(),
                            "exclude the table with a filter or convert the file"));
                }
            }
        }
        if (ctx.plan().tables().isEmpty()) {
            out.add(PrecheckFinding.warning(name(), "no table of the source matches the filter " + ctx.config().filters(),
                    "check data-source-dir and the filter rules"));
        } else if (ok) {
            out.add(PrecheckFinding.ok(name(), ctx.files().size() + " files, " + ctx.plan().tables().size()
                    + " tables, " + ctx.plan().chunkCount() + " data files readable from " + ctx.storage().describe()));
        }
    }

    /** Files every export has that are not data: Dumpling's metadata, triggers, backups, checksums. */
    private static boolean knownToBeIgnored(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return name.equals("metadata") || name.endsWith("-schema-trigger.sql") || name.endsWith("-schema-post.sql")
                || name.endsWith(".bak") || name.startsWith(".") || name.endsWith(".md5") || name.endsWith(".sha256");
    }
}
