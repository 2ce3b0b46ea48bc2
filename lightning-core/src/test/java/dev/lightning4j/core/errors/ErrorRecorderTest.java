package dev.lightning4j.core.errors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorRecorderTest {
    @Test
    void theKeyNameIsTakenFromMariaDbAndMySqlMessages() {
        assertThat(ErrorRecorder.keyName("Duplicate entry '1' for key 'PRIMARY'")).isEqualTo("PRIMARY");
        assertThat(ErrorRecorder.keyName("Duplicate entry 'a-b' for key 't.uk_ab'")).isEqualTo("uk_ab");
        assertThat(ErrorRecorder.keyName("Data too long")).isEmpty();
    }

    @Test
    void taskIdsIncrease() {
        long a = TaskIds.next();
        long b = TaskIds.next();
        assertThat(b).isGreaterThan(a);
        assertThat(a).isGreaterThan(1_700_000_000_000_000L); // microseconds since the epoch
    }
}
