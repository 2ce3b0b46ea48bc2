package dev.lightning4j.physical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloseablesTest {

    @Test
    void closesEveryResourceInOrderAndThrowsTheFirstFailureWithTheOthersSuppressed() {
        List<String> closed = new ArrayList<>();
        IOException first = new IOException("first");
        IllegalStateException second = new IllegalStateException("second");
        Closeable a = () -> {
            closed.add("a");
            throw first;
        };
        Closeable b = () -> closed.add("b");
        Closeable c = () -> {
            closed.add("c");
            throw second;
        };
        assertThatThrownBy(() -> Closeables.closeAll(a, null, b, c)).isSameAs(first);
        assertThat(first.getSuppressed()).containsExactly(second);
        assertThat(closed).containsExactly("a", "b", "c");
    }

    @Test
    void anUncheckedFirstFailureIsThrownAsItIs() throws IOException {
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> Closeables.closeAll(() -> {
            throw boom;
        })).isSameAs(boom);
        List<String> closed = new ArrayList<>();
        Closeables.closeAll(null, () -> closed.add("only"));
        assertThat(closed).containsExactly("only");
    }
}
