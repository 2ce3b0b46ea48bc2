package dev.lightning4j.sources.remote;

import dev.lightning4j.ImportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/**
 * Streams one remote object from an offset and, when the connection fails mid-body (reset, truncated body,
 * a 5xx), opens it again from the first byte not yet delivered. The caller sees one uninterrupted stream
 * or, after {@link RetryPolicy#maxAttempts()} failures in a row without progress, an IOException naming the
 * object and the byte. Memory: only what the underlying client buffers.
 */
public final class ResumingInputStream extends InputStream {
    private static final Logger LOG = LoggerFactory.getLogger(ResumingInputStream.class);

    /** An open body from some position. */
    public record Body(InputStream in, long end) {
        /** @param end the object's size (exclusive end of the body), or -1 when not known */
        public Body {
        }
    }

    /** The protocol-specific half: opening a ranged body and telling permanent failures from transient ones. */
    public interface Source {
        /** Opens the object from {@code position} to its end. */
        Body open(long position) throws Exception;

        /**
         * The error to throw at once when {@code failure} will not go away by retrying (missing object, access
         * denied, object replaced), or null to retry.
         */
        RuntimeException permanent(Exception failure, long position);

        /** Aborts a body that will not be read to its end, so the client does not drain it. */
        default void abort(InputStream in) {
            try {
                in.close();
            } catch (IOException | RuntimeException ignored) {
                // The connection is being thrown away.
            }
        }
    }

    private final String name;
    private final Source source;
    private final RetryPolicy policy;
    private final Secrets secrets;
    private long position;
    private long end = -1;
    private InputStream current;
    private boolean finished;
    private boolean closed;
    private int reopens;

    /**
     * @param name the object for messages, without credentials, such as {@code s3://bucket/key}
     */
    public ResumingInputStream(String name, long offset, Source source, RetryPolicy policy, Secrets secrets) {
        this.name = name;
        this.position = offset;
        this.source = source;
        this.policy = policy;
        this.secrets = secrets;
    }

    /** Opens the first body eagerly, so a missing object fails at open time rather than at first read. */
    public ResumingInputStream start() throws IOException {
        withRetries(() -> {
            ensureOpen();
            return 0;
        });
        return this;
    }

    /** How often the body was opened again after a failure. */
    public int reopens() {
        return reopens;
    }

    private final byte[] one = new byte[1];

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException(name + ": stream closed");
        }
        if (len == 0) {
            return 0;
        }
        if (finished) {
            return -1;
        }
        return withRetries(() -> {
            ensureOpen();
            int n = current.read(b, off, len);
            if (n > 0) {
                position += n;
                return n;
            }
            if (n < 0) {
                if (end >= 0 && position < end) {
                    throw new EOFException("body ended at byte " + position + " of " + end);
                }
                finished = true;
                closeCurrent(false);
                return -1;
            }
            return 0;
        });
    }

    private interface Step {
        int run() throws Exception;
    }

    private int withRetries(Step step) throws IOException {
        int failures = 0;
        while (true) {
            long before = position;
            try {
                return step.run();
            } catch (InterruptedIOException e) {
                closeCurrent(true);
                throw e;
            } catch (ImportException e) {
                closeCurrent(true);
                throw e;
            } catch (Exception e) {
                closeCurrent(true);
                RuntimeException fatal = source.permanent(e, position);
                if (fatal != null) {
                    throw fatal;
                }
                if (isBug(e)) {
                    throw (RuntimeException) e;
                }
                failures = position > before ? 1 : failures + 1;
                if (failures >= policy.maxAttempts()) {
                    throw new IOException(name + ": reading failed at byte " + position + " after " + failures
                            + " attempts: " + secrets.describe(e) + "; check the network and the storage service,"
                            + " then run the import again", secrets.scrubbed(e));
                }
                LOG.warn("{}: reading failed at byte {} ({}); attempt {} of {} resumes from there", name, position,
                        secrets.describe(e), failures + 1, policy.maxAttempts());
                policy.pause(failures);
                reopens++;
            }
        }
    }

    /** Programming errors are not transient: retrying them would only hide them. */
    private static boolean isBug(Exception e) {
        return e instanceof NullPointerException || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException || e instanceof ClassCastException
                || e instanceof IndexOutOfBoundsException;
    }

    private void ensureOpen() throws Exception {
        if (current == null) {
            Body body = source.open(position);
            current = body.in();
            if (body.end() >= 0) {
                end = body.end();
            }
        }
    }

    private void closeCurrent(boolean abort) {
        InputStream in = current;
        current = null;
        if (in != null) {
            if (abort) {
                source.abort(in);
            } else {
                try {
                    in.close();
                } catch (IOException | RuntimeException ignored) {
                    // Fully read; nothing left to lose.
                }
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeCurrent(!finished);
        }
    }

    @Override
    public String toString() {
        return "ResumingInputStream[" + name + " at " + position + "]";
    }
}
