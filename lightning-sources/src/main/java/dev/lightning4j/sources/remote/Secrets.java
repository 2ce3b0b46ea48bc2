package dev.lightning4j.sources.remote;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The secret strings of one storage (keys, tokens) and the means to keep them out of messages. Errors of
 * the cloud clients are copied with their text scrubbed instead of chained, so that no stack trace print
 * can reveal what a client library chose to put into its messages.
 */
public final class Secrets {
    private static final String MASK = "***";
    private final List<String> values = new ArrayList<>();

    public Secrets(String... secrets) {
        for (String s : secrets) {
            add(s);
        }
    }

    public void add(String secret) {
        // One or two characters would mask ordinary text without protecting anything.
        if (secret != null && secret.length() >= 3 && !values.contains(secret)) {
            values.add(secret);
            values.sort((a, b) -> b.length() - a.length());
        }
    }

    public String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : values) {
            out = out.replace(s, MASK);
        }
        return out;
    }

    /** {@code e}'s class and message, scrubbed, for a message of ours. */
    public String describe(Throwable e) {
        String msg = e.getMessage();
        return e.getClass().getSimpleName() + (msg == null ? "" : ": " + scrub(msg));
    }

    /** A copy of {@code e} and its causes whose messages are scrubbed; stack traces are kept. */
    public IOException scrubbed(Throwable e) {
        return copy(Objects.requireNonNull(e), 0);
    }

    private ScrubbedException copy(Throwable e, int depth) {
        ScrubbedException c = new ScrubbedException(e.getClass().getName()
                + (e.getMessage() == null ? "" : ": " + scrub(e.getMessage())));
        c.setStackTrace(e.getStackTrace());
        if (e.getCause() != null && e.getCause() != e && depth < 8) {
            c.initCause(copy(e.getCause(), depth + 1));
        }
        return c;
    }

    /** Stands for an exception of a client library, with its message scrubbed of secrets. */
    public static final class ScrubbedException extends IOException {
        ScrubbedException(String message) {
            super(message);
        }
    }
}
