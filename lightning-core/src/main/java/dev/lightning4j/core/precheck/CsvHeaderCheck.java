package dev.lightning4j.core.precheck;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.PrecheckFinding;
import dev.lightning4j.core.plan.TablePlan;
import dev.lightning4j.core.schema.TargetCatalog;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.FormatContext;
import dev.lightning4j.spi.FormatProvider;
import dev.lightning4j.spi.RowReader;
import dev.lightning4j.spi.SourceRow;
import dev.lightning4j.spi.TargetTable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * For tables that already exist, the header of each CSV file names only columns the table has, read with
 * the import's own CSV parser (only the header and the first row are read).
 */
final class CsvHeaderCheck implements PrecheckCheck {
    @Override
    public String name() {
        return "csv-header";
    }

    @Override
    public void run(PrecheckContext ctx, List<PrecheckFinding> out) {
        if (!ctx.config().csv().header() || !ctx.config().csv().headerSchemaMatch()) {
            return;
        }
        TargetCatalog catalog = new TargetCatalog(ctx.dataSource());
        FormatContext formatContext = new FormatContext(ctx.config().csv(), ctx.config().dataCharacterSet(),
                ctx.config().dataInvalidCharReplace());
        int checked = 0;
        int bad = 0;
        for (TablePlan t : ctx.plan().tables()) {
            List<DataChunk> csv = t.chunks().stream().filter(c -> "csv".equalsIgnoreCase(c.format())).toList();
            FormatProvider format = ctx.formats().apply("csv");
            if (csv.isEmpty() || format == null) {
                continue;
            }
            TargetTable target = catalog.table(t.name());
            if (target == null) {
                continue; // created from its schema file; TargetTablesCheck covers a missing one
            }
            for (DataChunk c : csv) {
                checked++;
                String problem = problem(ctx, format, formatContext, c, target);
                if (problem != null) {
                    bad++;
                    out.add(PrecheckFinding.error(name(), ErrorCode.SOURCE_SYNTAX, problem, "fix the header, add the column to the table, or set"
                            + " csv header-schema-match=false to ignore headers").at(c.file(), t.name().toString()));
                }
            }
        }
        if (checked > 0 && bad == 0) {
            out.add(PrecheckFinding.ok(name(), checked + " CSV headers match their tables"));
        }
    }

    private static String problem(PrecheckContext ctx, FormatProvider format, FormatContext fc, DataChunk chunk,
            TargetTable target) {
        SourceRow first;
        try (InputStream raw = ctx.storage().open(chunk.file(), 0);
                InputStream in = ctx.decompression().wrap(raw, chunk.compression(), chunk.file());
                RowReader reader = format.open(chunk, in, fc)) {
            first = reader.next();
        } catch (IOException e) {
            return "cannot read the file: " + e.getMessage();
        } catch (ImportException e) {
            return e.reason();
        }
        if (first == null || first.columns() == null) {
            return null; // an empty file or only a header: nothing is written
        }
        List<String> unknown = new ArrayList<>();
        for (String name : first.columns()) {
            if (target.column(name) == null) {
                unknown.add(name);
            }
        }
        return unknown.isEmpty() ? null : "the header names column(s) " + unknown + " that table " + target.name()
                + " does not have";
    }
}
