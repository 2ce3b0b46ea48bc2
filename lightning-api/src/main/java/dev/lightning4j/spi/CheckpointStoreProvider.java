package dev.lightning4j.spi;

/**
 * A checkpoint store by driver name: {@code file} or {@code mysql}. Found by ServiceLoader or registered by
 * hand with {@link dev.lightning4j.ImportBuilder#register(CheckpointStoreProvider)}.
 */
public interface CheckpointStoreProvider {

    /**
     * The driver name ({@code checkpoint.driver} in TiDB Lightning).
     *
     * @return the lower-case driver name, such as {@code file}
     */
    String name();

    /**
     * Opens the store, creating it when missing.
     *
     * @param context the file path, schema and target connection the store may use
     * @return the open store; the engine closes it when the import ends
     * @throws dev.lightning4j.ImportException with {@code CHECKPOINT} when it cannot be read or created
     */
    CheckpointStore open(CheckpointContext context);
}
