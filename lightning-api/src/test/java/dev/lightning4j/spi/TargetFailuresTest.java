package dev.lightning4j.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TargetFailuresTest {

    @Test
    void connectionFailuresAreToldFromRefusals() {
        // A pool timing out while the server restarts: no SQLState, no error code, only the type says it.
        assertThat(TargetFailures.connectionLost(new SQLTransientConnectionException(
                "HikariPool-1 - Connection is not available, request timed out after 30000ms."))).isTrue();
        assertThat(TargetFailures.connectionLost(new SQLException("Communications link failure", "08S01", 0)))
                .isTrue();
        assertThat(TargetFailures.connectionLost(new SQLException("Server shutdown in progress", "HY000", 1053)))
                .isTrue();
        assertThat(TargetFailures.connectionLost(new SQLException("Connection was killed", "70100", 1927)))
                .isTrue();
        assertThat(TargetFailures.connectionLost(new SQLNonTransientConnectionException("closed"))).isTrue();
        assertThat(TargetFailures.connectionLost(new SQLException("Table 'x' doesn't exist", "42S02", 1146)))
                .isFalse();
        assertThat(TargetFailures.connectionLost(new SQLException("Access denied", "28000", 1045))).isFalse();
    }

    @Test
    void conflictsWithOtherTransactionsAreToldFromRefusals() {
        assertThat(TargetFailures.transientConflict(new SQLException("Deadlock found", "40001", 1213))).isTrue();
        assertThat(TargetFailures.transientConflict(new SQLException("Lock wait timeout", "HY000", 1205))).isTrue();
        assertThat(TargetFailures.transientConflict(new SQLException("Write conflict", "HY000", 9007))).isTrue();
        assertThat(TargetFailures.transientConflict(new SQLException("rollback", "40000", 0))).isTrue();
        assertThat(TargetFailures.transientConflict(new SQLException("Duplicate entry", "23000", 1062))).isFalse();
        assertThat(TargetFailures.transientConflict(new SQLException("gone away", "08S01", 2006))).isFalse();
    }

    @Test
    void aLostTargetIsUnreachableAndSaysToResume() {
        ImportException lost = TargetFailures.failure("read the columns of db.t",
                new SQLException("Communications link failure\nmore", "08S01", 0), "db.t", ErrorCode.TARGET_WRITE,
                "check privileges");
        assertThat(lost.code()).isEqualTo(ErrorCode.TARGET_UNREACHABLE);
        assertThat(lost.getMessage()).contains("cannot read the columns of db.t: Communications link failure")
                .contains("resume the import").doesNotContain("more").doesNotContain("check privileges");
        ImportException refused = TargetFailures.failure("read the columns of db.t",
                new SQLSyntaxErrorException("SELECT command denied", "42000", 1142), "db.t", ErrorCode.TARGET_WRITE,
                "check privileges");
        assertThat(refused.code()).isEqualTo(ErrorCode.TARGET_WRITE);
        assertThat(refused.getMessage()).contains("(error 1142); check privileges");
    }

    @Test
    void lostConnectionsAreRetriedAndOtherFailuresAreNot() throws SQLException {
        AtomicInteger calls = new AtomicInteger();
        String answer = TargetFailures.retryingLostConnections(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new SQLException("gone away", "08S01", 2006);
            }
            return "ok";
        });
        assertThat(answer).isEqualTo("ok");
        assertThat(calls).hasValue(3);

        calls.set(0);
        assertThatThrownBy(() -> TargetFailures.retryingLostConnections(() -> {
            calls.incrementAndGet();
            throw new SQLException("denied", "42000", 1142);
        })).isInstanceOf(SQLException.class).hasMessage("denied");
        assertThat(calls).hasValue(1);
    }
}
