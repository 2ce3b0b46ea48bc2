package dev.lightning4j.sources.remote;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** Runs one remote request (a list page, a metadata look-up) under a {@link RetryPolicy}. */
public final class Retry {
    private static final Logger LOG = LoggerFactory.getLogger(Retry.class);

    private Retry() {
    }

    /**
     * @param what the request for messages, without credentials
     * @param permanent the error to throw at once for a failure that retrying cannot fix, or null to retry
     */
    public static <T> T call(String what, RetryPolicy policy, Secrets secrets, Callable<T> call,
            Function<Exception, RuntimeException> permanent) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (InterruptedIOException e) {
                throw e;
            } catch (dev.lightning4j.ImportException e) {
                throw e;
            } catch (Exception e) {
                RuntimeException fatal = permanent.apply(e);
                if (fatal != null) {
                    throw fatal;
                }
                if (attempt >= policy.maxAttempts()) {
                    throw new IOException(what + " failed after " + attempt + " attempts: " + secrets.describe(e)
                            + "; check the network and the storage service, then run the import again",
                            secrets.scrubbed(e));
                }
                LOG.warn("{} failed ({}); attempt {} of {}", what, secrets.describe(e), attempt + 1,
                        policy.maxAttempts());
                policy.pause(attempt);
            }
        }
    }
}
