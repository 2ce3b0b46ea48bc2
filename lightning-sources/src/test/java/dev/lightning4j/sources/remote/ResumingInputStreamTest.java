package dev.lightning4j.sources.remote;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Resume semantics independent of any protocol: bodies that end early, fail, or cannot be had at all. */
class ResumingInputStreamTest {
    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ZERO, Duration.ZERO);
    private static final byte[] DATA = new byte[10_000];

    static {
        for (int i = 0; i < DATA.length; i++) {
            DATA[i] = (byte) (i * 31 + 7);
        }
    }

    /** Serves DATA from the asked position; each body stops after {@code cut} bytes, cleanly or with an error. */
    private static final class Flaky implements ResumingInputStream.Source {
        final List<Long> opens = new ArrayList<>();
        int badBodies;
        final int cut;
        final boolean throwAtCut;

        Flaky(int badBodies, int cut, boolean throwAtCut) {
            this.badBodies = badBodies;
            this.cut = cut;
            this.throwAtCut = throwAtCut;
        }

        @Override
        public ResumingInputStream.Body open(long position) {
            opens.add(position);
            int from = (int) position;
            if (badBodies-- > 0) {
                int to = Math.min(DATA.length, from + cut);
                InputStream part = new ByteArrayInputStream(Arrays.copyOfRange(DATA, from, to));
                InputStream body = !throwAtCut ? part : new InputStream() {
                    @Override
                    public int read() throws IOException {
                        int b = part.read();
                        if (b < 0) {
                            throw new IOException("Connection reset");
                        }
                        return b;
                    }
                };
                return new ResumingInputStream.Body(body, DATA.length);
            }
            return new ResumingInputStream.Body(new ByteArrayInputStream(DATA, from, DATA.length - from), DATA.length);
        }

        @Override
        public RuntimeException permanent(Exception failure, long position) {
            return null;
        }
    }

    @Test
    void aBodyThatEndsBeforeTheObjectIsResumedNotTakenAsTheEnd() throws IOException {
        Flaky source = new Flaky(2, 3000, false);
        try (ResumingInputStream in = new ResumingInputStream("obj", 500, source, FAST, new Secrets()).start()) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(DATA, 500, DATA.length));
            assertThat(in.reopens()).isEqualTo(2);
        }
        assertThat(source.opens).containsExactly(500L, 3500L, 6500L);
    }

    @Test
    void aResetMidBodyResumesAtTheFirstByteNotDelivered() throws IOException {
        Flaky source = new Flaky(3, 1234, true);
        try (ResumingInputStream in = new ResumingInputStream("obj", 0, source, FAST, new Secrets()).start()) {
            assertThat(in.readAllBytes()).isEqualTo(DATA);
        }
        assertThat(source.opens).containsExactly(0L, 1234L, 2468L, 3702L);
    }

    @Test
    void failuresWithoutProgressAreBoundedAndNameTheObjectAndByte() throws IOException {
        Flaky source = new Flaky(100, 0, true);
        try (ResumingInputStream in = new ResumingInputStream("s3://b/k", 42, source, FAST,
                new Secrets("hunter2-secret")).start()) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class)
                    .hasMessageContaining("s3://b/k").hasMessageContaining("at byte 42")
                    .hasMessageContaining("after 3 attempts");
        }
        assertThat(source.opens).hasSize(3);
    }

    @Test
    void permanentFailuresAreNotRetried() {
        ResumingInputStream.Source gone = new ResumingInputStream.Source() {
            int opens;

            @Override
            public ResumingInputStream.Body open(long position) throws IOException {
                opens++;
                assertThat(opens).isEqualTo(1);
                throw new IOException("404 hunter2-secret");
            }

            @Override
            public RuntimeException permanent(Exception failure, long position) {
                return new ImportException(ErrorCode.SOURCE_NOT_FOUND, "gone");
            }
        };
        assertThatThrownBy(() -> new ResumingInputStream("obj", 0, gone, FAST, new Secrets()).start())
                .isInstanceOf(ImportException.class).hasMessageContaining("gone");
    }

    @Test
    void secretsAreScrubbedFromCopiedErrors() {
        Secrets s = new Secrets("AKIAEXAMPLE", "abc/def+ghi");
        IOException copy = s.scrubbed(new IllegalStateException("key AKIAEXAMPLE",
                new IOException("sig abc/def+ghi")));
        assertThat(copy.getMessage()).isEqualTo("java.lang.IllegalStateException: key ***");
        assertThat(copy.getCause().getMessage()).isEqualTo("java.io.IOException: sig ***");
        assertThat(copy.getStackTrace()).isNotEmpty();
    }
}
