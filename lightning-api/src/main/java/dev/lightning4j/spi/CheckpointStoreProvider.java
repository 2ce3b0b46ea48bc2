package dev.lightning4j.spi;

/**
 * A checkpoint store by driver name: {@code file} or {@code mysql}. Found by ServiceLoader or registered by
 * hand with {@link dev.lightning4j.ImportBuilder#register(CheckpointStoreProvider)}.
 */
public interface CheckpointStoreProvider {

    /** The driver name ({@code checkpoint.driver} in TiDB Lightning). */
    String name();

    /**
     * Opens the store, creating it when missing.
     *
     * @throws dev.lightning4j.ImportException with {@code CHECKPOINT} when it cannot be read or created
     */
    CheckpointStore open(CheckpointContext context);
}
