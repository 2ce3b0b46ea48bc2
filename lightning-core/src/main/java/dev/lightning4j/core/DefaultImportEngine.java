package dev.lightning4j.core;

import dev.lightning4j.ImportConfig;
import dev.lightning4j.ImportJob;
import dev.lightning4j.PrecheckReport;
import dev.lightning4j.core.filter.TableFilter;
import dev.lightning4j.spi.ImportEngine;

/** The engine found by {@link dev.lightning4j.ImportBuilder#start()}. */
public final class DefaultImportEngine implements ImportEngine {

    @Override
    public ImportJob start(ImportConfig config) {
        TableFilter.parse(config.filters()); // a bad rule fails start(), before any thread runs
        DefaultImportJob job = new DefaultImportJob(new ImportRun(config), config.listener());
        job.start();
        return job;
    }

    @Override
    public PrecheckReport precheck(ImportConfig config) {
        TableFilter.parse(config.filters());
        return new DryRun(config).run();
    }

    @Override
    public dev.lightning4j.Checkpoints checkpoints(ImportConfig config) {
        return new dev.lightning4j.core.checkpoint.DefaultCheckpoints(config);
    }
}
