package dev.lightning4j.core;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportConfig;
import dev.lightning4j.ImportException;
import dev.lightning4j.PrecheckFinding;
import dev.lightning4j.PrecheckReport;
import dev.lightning4j.core.filter.TableFilter;
import dev.lightning4j.core.plan.ImportPlan;
import dev.lightning4j.core.plan.Planner;
import dev.lightning4j.core.precheck.PrecheckContext;
import dev.lightning4j.core.precheck.Prechecker;
import dev.lightning4j.core.routing.FileRouter;
import dev.lightning4j.spi.Backend;
import dev.lightning4j.spi.Storage;
import dev.lightning4j.spi.StorageFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The pre-checks alone: opens the source and the target as an import would, runs every check and
 * reports. Nothing is created or written; a stage that fails becomes an error finding and ends the run.
 */
final class DryRun {
    private final ImportConfig config;

    DryRun(ImportConfig config) {
        this.config = config;
    }

    PrecheckReport run() {
        List<PrecheckFinding> early = new ArrayList<>();
        Providers providers = new Providers(config);
        try (Storage storage = providers.openStorage(config.source())) {
            List<StorageFile> files = storage.list();
            ImportPlan plan = Planner.of(config).plan(files);
            try (Backend backend = config.backend().create(config)) {
                PrecheckReport report = new Prechecker(config.classLoader(), List.of()).run(new PrecheckContext(config,
                        storage, files, plan, backend.dataSource(), backend.requiresEmptyTables(), providers::format, providers.decompression()));
                return report;
            } catch (ImportException e) {
                early.add(PrecheckFinding.error("target-reachable", e.code(), e.getMessage(),
                        "check the target address, user, password and tls settings"));
            }
        } catch (ImportException e) {
            early.add(PrecheckFinding.error("source-readable", e.code(), e.getMessage(),
                    "check data-source-dir and the file named in the message"));
        } catch (IOException e) {
            early.add(PrecheckFinding.error("source-readable", ErrorCode.SOURCE_READ, "cannot list the source: "
                    + e.getMessage(), "check that data-source-dir exists and is readable"));
        }
        return new PrecheckReport(early);
    }
}
