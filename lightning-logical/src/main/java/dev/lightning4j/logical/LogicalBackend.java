package dev.lightning4j.logical;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportConfig;
import dev.lightning4j.spi.Backend;
import dev.lightning4j.spi.TableImporter;
import dev.lightning4j.spi.TargetFailures;
import dev.lightning4j.spi.TargetTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes rows as SQL statements over JDBC, like TiDB Lightning's {@code tidb} backend. */
final class LogicalBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(LogicalBackend.class);
    /** Engines whose statements are atomic, so a failed statement wrote nothing. */
    private static final Set<String> TRANSACTIONAL_ENGINES = Set.of("INNODB", "XTRADB", "ROCKSDB", "TOKUDB",
            "NDBCLUSTER", "NDB");

    private final ImportConfig config;
    private final Connections connections;
    private final SqlValues values;
    private final boolean loadData;

    LogicalBackend(ImportConfig config) {
        this.config = config;
        SessionSettings session = new SessionSettings(config.sqlMode(), config.timeZone());
        this.values = SqlValues.forSqlMode(session.sqlMode());
        this.connections = TargetConnector.connect(config, session);
        try {
            this.loadData = LoadDataSupport.decide(LoadDataMode.of(config), connections);
        } catch (RuntimeException e) {
            connections.close();
            throw e;
        }
    }

    /** Whether rows are written with LOAD DATA LOCAL INFILE where the table allows it. */
    boolean loadData() {
        return loadData;
    }

    @Override
    public DataSource dataSource() {
        return connections.dataSource();
    }

    @Override
    public TableImporter openTable(TargetTable table) {
        return new LogicalTableImporter(table, config, connections, values, isTransactional(table), loadData);
    }

    private boolean isTransactional(TargetTable table) {
        String engine;
        try {
            engine = TargetFailures.retryingLostConnections(() -> {
                try (Connection c = connections.dataSource().getConnection();
                        PreparedStatement ps = c.prepareStatement(
                                "SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
                    ps.setString(1, table.name().schema());
                    ps.setString(2, table.name().table());
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? rs.getString(1) : null;
                    }
                }
            });
        } catch (SQLException e) {
            throw TargetFailures.failure("read the storage engine of " + table.name(), e, table.name().toString(),
                    ErrorCode.TARGET_WRITE, "check that the user may read information_schema");
        }
        if (engine == null || TRANSACTIONAL_ENGINES.contains(engine.toUpperCase(Locale.ROOT))) {
            return true; // views and unknown answers: assume the common case
        }
        LOG.warn("Table {} uses the non-transactional engine {}: writing one row per statement so that no row is"
                + " written twice", table.name(), engine);
        return false;
    }

    @Override
    public void close() {
        connections.close();
    }
}
