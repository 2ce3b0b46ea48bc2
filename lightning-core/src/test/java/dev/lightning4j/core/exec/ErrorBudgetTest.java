package dev.lightning4j.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportListener;
import dev.lightning4j.ImportResult;
import dev.lightning4j.RowError;
import dev.lightning4j.TableName;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ErrorBudgetTest {
    private static final TableName TABLE = new TableName("shop", "orders");

    /** Records what it is told. */
    private static final class Recorder implements ImportListener {
        final List<RowError> skipped = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void rowSkipped(RowError error) {
            skipped.add(error);
        }
    }

    private static RowError error(int n) {
        return new RowError(TABLE, "shop.orders.000000001.sql", 100L * n, RowError.Kind.TYPE,
                "Out of range value for column 'qty' #" + n, "('" + n + "')");
    }

    @Test
    void budgetZeroFailsOnTheFirstRejectedRow() {
        Recorder listener = new Recorder();
        ErrorBudget budget = new ErrorBudget(0, listener);
        RowError first = error(1);
        assertThatThrownBy(() -> budget.reject(first)).isInstanceOfSatisfying(ImportException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_ERRORS);
            assertThat(e.file()).isEqualTo("shop.orders.000000001.sql");
            assertThat(e.offset()).isEqualTo(100);
            assertThat(e.table()).isEqualTo("shop.orders");
            assertThat(e.getMessage()).contains("max-error=0").contains("Out of range value").contains("('1')")
                    .contains("TYPE");
        });
        // the row is still reported and kept
        assertThat(listener.skipped).containsExactly(first);
        assertThat(budget.rejected()).isEqualTo(1);
        assertThat(budget.kept()).containsExactly(first);
    }

    @Test
    void budgetNFailsOnRowNPlusOne() {
        Recorder listener = new Recorder();
        ErrorBudget budget = new ErrorBudget(3, listener);
        for (int i = 1; i <= 3; i++) {
            budget.reject(error(i));
        }
        assertThat(budget.rejected()).isEqualTo(3);
        assertThatThrownBy(() -> budget.reject(error(4))).isInstanceOfSatisfying(ImportException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_ERRORS));
        assertThat(listener.skipped).extracting(RowError::offset).containsExactly(100L, 200L, 300L, 400L);
    }

    @Test
    void errorWithoutRowTextStillRenders() {
        ErrorBudget budget = new ErrorBudget(0, new ImportListener() {
        });
        RowError e = new RowError(TABLE, "f.csv", 7, RowError.Kind.COLUMN_COUNT, "3 values for 2 columns", null);
        assertThatThrownBy(() -> budget.reject(e)).hasMessageContaining("3 values for 2 columns")
                .hasMessageNotContaining("null");
    }

    @Test
    void keptErrorsAreCappedButAllAreCounted() {
        Recorder listener = new Recorder();
        ErrorBudget budget = new ErrorBudget(Long.MAX_VALUE, listener);
        int total = ImportResult.MAX_RECORDED_ERRORS + 250;
        for (int i = 0; i < total; i++) {
            budget.reject(error(i));
        }
        assertThat(budget.rejected()).isEqualTo(total);
        assertThat(listener.skipped).hasSize(total);
        assertThat(budget.kept()).hasSize(ImportResult.MAX_RECORDED_ERRORS);
        // the first ones are kept, in order
        assertThat(budget.kept().get(0)).isEqualTo(error(0));
        assertThat(budget.kept().get(ImportResult.MAX_RECORDED_ERRORS - 1))
                .isEqualTo(error(ImportResult.MAX_RECORDED_ERRORS - 1));
        assertThat(budget.kept()).isUnmodifiable();
    }

    @Test
    void concurrentRejectsAreCountedExactlyAndOnlyTheOverflowFails() throws Exception {
        int threads = 4;
        int perThread = 500;
        long max = 1500;
        ErrorBudget budget = new ErrorBudget(max, new Recorder());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> failures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                failures.add(pool.submit(() -> {
                    start.await();
                    int failed = 0;
                    for (int i = 0; i < perThread; i++) {
                        try {
                            budget.reject(error(i));
                        } catch (ImportException e) {
                            failed++;
                        }
                    }
                    return failed;
                }));
            }
            start.countDown();
            int failed = 0;
            for (Future<Integer> f : failures) {
                failed += f.get();
            }
            assertThat(budget.rejected()).isEqualTo((long) threads * perThread);
            assertThat(failed).isEqualTo(threads * perThread - (int) max);
            assertThat(budget.kept()).hasSize(ImportResult.MAX_RECORDED_ERRORS);
        } finally {
            pool.shutdownNow();
        }
    }
}
