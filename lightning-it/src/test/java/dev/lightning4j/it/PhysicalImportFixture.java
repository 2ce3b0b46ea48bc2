package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.ConflictStrategy;
import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportListener;
import dev.lightning4j.RowError;
import dev.lightning4j.TableName;
import dev.lightning4j.physical.model.TableInfo;
import dev.lightning4j.physical.model.TidbTableInfoReader;
import dev.lightning4j.testing.TestingTidbStatus;
import dev.lightning4j.testing.tikv.TestingTikvCluster;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every physical import test stands on: a fresh database on the shared MariaDB (the schema), a
 * {@link TestingTidbStatus} serving TiDB's table info from it, and a PD/TiKV stand-in over real gRPC, started
 * before each test and closed after it; an export directory and a sorted-KV directory of the test's own.
 * A test may close and replace {@link #status} or {@link #cluster}; whatever they hold at the end is closed.
 */
abstract class PhysicalImportFixture {
    private final String databasePrefix;

    @TempDir
    Path dir;
    @TempDir
    Path sortDir;
    String db;
    TestingTidbStatus status;
    TestingTikvCluster cluster;

    /** @param databasePrefix the start of the name of each test's database */
    PhysicalImportFixture(String databasePrefix) {
        this.databasePrefix = databasePrefix;
    }

    @BeforeEach
    void startStatusAndCluster() {
        db = ItDb.SERVER.createDatabase(databasePrefix);
        status = TestingTidbStatus.start(ItDb.SERVER.dataSource());
        cluster = TestingTikvCluster.start();
    }

    @AfterEach
    void stopStatusAndCluster() {
        if (cluster != null) {
            cluster.close();
        }
        if (status != null) {
            status.close();
        }
    }

    /**
     * A physical import of the tables of {@code database} found in {@code source}, reading table info from
     * {@link #status}, writing into {@link #cluster}, sorting under {@code sortedKvDir}.
     */
    ImportBuilder physicalImport(Path source, String database, Path sortedKvDir) {
        return ItDb.importer(source, database).backend("physical")
                .option("tidb.status-addr", status.address())
                .option("tidb.pd-addr", cluster.pdAddress())
                .option("tidb.pd-http-addr", cluster.pdHttpAddress())
                .option("tikv-importer.sorted-kv-dir", sortedKvDir.toString());
    }

    /**
     * The same export through the logical backend into a new database named after {@code name}: the reference
     * rows. Returns that database.
     */
    String logicalReference(String name, ConflictStrategy strategy) {
        String ref = ItDb.SERVER.createDatabase(name);
        ItDb.importer(dir, db).route(db, null, ref, null).onDuplicate(strategy).concurrency(1).run();
        return ref;
    }

    /** TiDB's table info of {@code database.table} as the status server serves it. */
    TableInfo tableInfo(String database, String table) throws SQLException {
        return TidbTableInfoReader.read(status.tableInfoJson(database, table));
    }

    /** The records stored in the cluster under physical table {@code physicalId}, decoded. */
    List<List<String>> storedRows(TableInfo info, long physicalId) {
        return StoredPairs.decodedRows(cluster.stored(), info, physicalId);
    }

    /** TiKV's checksum over [{@code lo}, {@code hi}) equals the one computed here over the stored pairs. */
    void assertChecksumAgrees(byte[] lo, byte[] hi, String description) {
        assertThat(cluster.checksum(lo, hi)).as(description).isEqualTo(StoredPairs.checksum(cluster.stored(), lo, hi));
    }

    /** A listener adding every skipped row to {@code errors}. */
    static ImportListener rowsSkippedInto(List<RowError> errors) {
        return new ImportListener() {
            @Override
            public void rowSkipped(RowError error) {
                errors.add(error);
            }
        };
    }

    /** A listener adding the file of every finished chunk to {@code files}. */
    static ImportListener chunksFinishedInto(List<String> files) {
        return new ImportListener() {
            @Override
            public void chunkFinished(TableName table, String file, long rows, long bytes) {
                files.add(file);
            }
        };
    }
}
