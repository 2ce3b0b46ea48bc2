package dev.lightning4j.testing;

import org.gaul.s3proxy.junit.S3ProxyJunitCore;

import java.net.URI;

/**
 * An in-process S3 server (s3proxy over an in-memory blob store) for tests. Modules that use it declare
 * {@code org.gaul:s3proxy} in test scope; this module carries it only as an optional dependency.
 */
public final class TestingS3 implements AutoCloseable {
    public static final String ACCESS_KEY = "AKIATESTINGLIGHTNING";
    public static final String SECRET_KEY = "testing/secret+Key/0123456789abcdefghij";

    private final S3ProxyJunitCore core;

    private TestingS3(S3ProxyJunitCore core) {
        this.core = core;
    }

    public static TestingS3 start() {
        S3ProxyJunitCore core = new S3ProxyJunitCore.Builder()
                .withCredentials(ACCESS_KEY, SECRET_KEY)
                .withBlobStoreProvider("transient")
                .ignoreUnknownHeaders()
                .build();
        try {
            core.beforeEach();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start s3proxy", e);
        }
        return new TestingS3(core);
    }

    /** {@code http://127.0.0.1:port}. */
    public URI endpoint() {
        URI u = core.getUri();
        return URI.create("http://" + u.getHost() + ":" + u.getPort());
    }

    @Override
    public void close() {
        core.afterEach();
    }
}
