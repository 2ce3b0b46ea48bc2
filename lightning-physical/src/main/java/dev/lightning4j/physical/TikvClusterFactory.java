package dev.lightning4j.physical;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportConfig;
import dev.lightning4j.ImportException;
import dev.lightning4j.physical.ingest.KvCluster;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The default {@link KvClusterFactory}: the TiKV client ({@code dev.lightning4j.physical.ingest.TikvCluster})
 * connected to {@code tidb.pd-addr}, with the region split sizes and range concurrency of the options.
 */
final class TikvClusterFactory implements KvClusterFactory {
    private static final String CLUSTER = "dev.lightning4j.physical.ingest.TikvCluster";
    private static final String OPTIONS = "dev.lightning4j.physical.ingest.TikvClusterOptions";

    @Override
    public KvCluster connect(ImportConfig config) {
        String pd = config.option(PhysicalOptions.PD_ADDR, config.option("pd-addr", null));
        if (pd == null || pd.isBlank()) {
            throw new ImportException(ErrorCode.INVALID_OPTION, PhysicalOptions.PD_ADDR + " is required by the physical"
                    + " backend: give PD's address, host:port (--pd-urls in tiup's terms)");
        }
        PhysicalOptions o = PhysicalOptions.of(config);
        String pdHttp = config.option(PhysicalOptions.PD_HTTP_ADDR, null);
        // One line once the client is in this module:
        // return TikvCluster.connect(TikvClusterOptions.of(pd).withPdHttpAddress(pdHttp)
        //         .withRegionSplit(o.regionSplitSize(), o.regionSplitKeys()).withConcurrency(o.rangeConcurrency(), 4));
        try {
            Class<?> optionsClass = Class.forName(OPTIONS);
            Object options = optionsClass.getMethod("of", String.class).invoke(null, pd.trim());
            options = call(options, "withPdHttpAddress", new Class<?>[] {String.class}, pdHttp);
            options = call(options, "withRegionSplit", new Class<?>[] {long.class, long.class}, o.regionSplitSize(),
                    o.regionSplitKeys());
            options = call(options, "withConcurrency", new Class<?>[] {int.class, int.class}, o.rangeConcurrency(), 4);
            Method connect = Class.forName(CLUSTER).getMethod("connect", optionsClass);
            return (KvCluster) connect.invoke(null, options);
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
            throw new ImportException(ErrorCode.PROVIDER_NOT_FOUND, "the TiKV client of the physical backend is missing"
                    + " from this build (" + e.getMessage() + "); use --backend logical", e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ImportException ie) {
                throw ie;
            }
            if (cause instanceof IllegalArgumentException) {
                throw new ImportException(ErrorCode.INVALID_OPTION, "physical backend options: " + cause.getMessage(),
                        cause);
            }
            throw new ImportException(ErrorCode.TARGET_UNREACHABLE, "cannot connect to PD at " + pd + ": " + cause
                    + "; check " + PhysicalOptions.PD_ADDR, cause);
        }
    }

    private static Object call(Object target, String method, Class<?>[] types, Object... args)
            throws NoSuchMethodException, IllegalAccessException, InvocationTargetException {
        return target.getClass().getMethod(method, types).invoke(target, args);
    }
}
