package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.ImportListener;
import dev.lightning4j.ImportResult;
import dev.lightning4j.TableName;
import dev.lightning4j.core.ImportMdc;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;

/** Progress carries per-table figures, rate and ETA; worker threads carry the import id and table in the MDC. */
class ProgressAndMdcTest {
    @TempDir
    Path dir;

    @Test
    void progressHasTableFiguresAndWorkersHaveMdc() {
        String db = ItDb.SERVER.createDatabase("it_progress");
        for (String t : List.of("a", "b")) {
            DumpFile.schema(dir, db, t, "CREATE TABLE `" + t + "` (`id` int PRIMARY KEY, `v` varchar(2000));");
            for (int f = 0; f < 3; f++) {
                String[] tuples = new String[2500];
                for (int r = 0; r < tuples.length; r++) {
                    tuples[r] = "(" + (f * tuples.length + r) + ",'" + "v".repeat(1000) + "')";
                }
                new DumpFile().insert(t, null, tuples).writeTo(dir, db + "." + t + ".00" + f + ".sql");
            }
        }
        List<ImportListener.Progress> seen = new CopyOnWriteArrayList<>();
        Set<String> mdc = ConcurrentHashMap.newKeySet();
        ImportResult r = ItDb.importer(dir, db).concurrency(2).listener(new ImportListener() {
            @Override
            public void progress(Progress p) {
                seen.add(p);
            }

            @Override
            public void chunkFinished(TableName table, String file, long rows, long bytes) {
                mdc.add(MDC.get(ImportMdc.IMPORT_ID) + "|" + MDC.get(ImportMdc.TABLE) + "|" + table);
            }
        }).run();
        assertThat(r.rows()).isEqualTo(15000);

        // Each chunk of 2.5 MB reports at its end; a table's figures never exceed its plan.
        assertThat(seen).isNotEmpty().allSatisfy(p -> {
            assertThat(p.table()).isNotNull();
            assertThat(p.table().bytesDone()).isLessThanOrEqualTo(p.table().bytesTotal());
            assertThat(p.table().chunksTotal()).isEqualTo(3);
            assertThat(p.elapsed()).isPositive();
            assertThat(p.bytesPerSecond()).isPositive();
            assertThat(p.eta()).isPresent();
        });
        ImportListener.Progress last = seen.stream().max((x, y) -> Long.compare(x.bytesDone(), y.bytesDone()))
                .orElseThrow();
        assertThat(last.bytesDone()).isEqualTo(last.bytesTotal());
        assertThat(last.eta()).hasValueSatisfying(eta -> assertThat(eta).isZero());
        assertThat(seen.stream().map(p -> p.table().table().table()).distinct()).containsExactlyInAnyOrder("a", "b");

        // One import id on every worker, and the table being written next to it.
        assertThat(mdc).hasSize(2);
        String id = mdc.iterator().next().split("\\|")[0];
        assertThat(id).isNotEqualTo("null").hasSize(8);
        assertThat(mdc).containsExactlyInAnyOrder(id + "|" + db + ".a|" + db + ".a", id + "|" + db + ".b|" + db + ".b");
    }
}
