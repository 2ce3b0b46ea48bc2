package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportResult;
import dev.lightning4j.TlsMode;
import dev.lightning4j.testing.TestingTlsMariaDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tls option against a MariaDB serving TLS with a certificate from a CA the test makes: verify-ca passes
 * with that CA and fails with another, off and preferred connect too, and verify-ca really encrypts.
 */
class TlsTest {
    private static TestingTlsMariaDb server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        server = TestingTlsMariaDb.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ImportBuilder importer(String db) {
        DumpFile.schemaCreate(dir, db);
        DumpFile.schema(dir, db, "t", "CREATE TABLE `t` (`id` int PRIMARY KEY);");
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("t", null, "(1)", "(2)").writeTo(dir, db + ".t.0.sql");
        return ImportBuilder.create().source(dir).target(server.jdbcUrl(), "root", "").filter(db + ".*");
    }

    private static String cipherOfANewSession(String extraUrl) throws Exception {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl() + "?" + extraUrl, "root", "");
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) {
            rs.next();
            return rs.getString(2);
        }
    }

    @Test
    void verifyCaSucceedsWithTheRightCaAndEncrypts() throws Exception {
        ImportResult r = importer("tls_ok").tls(TlsMode.VERIFY_CA, server.caCert()).run();
        assertThat(r.rows()).isEqualTo(2);
        // The server does serve TLS: a session asking for it gets a cipher.
        assertThat(cipherOfANewSession("sslMode=REQUIRED")).isNotBlank();
        assertThat(cipherOfANewSession("sslMode=DISABLED")).isEmpty();
    }

    @Test
    void verifyFullChecksTheHostNameToo() {
        ImportResult r = importer("tls_full").tls(TlsMode.VERIFY_FULL, server.caCert()).run();
        assertThat(r.rows()).isEqualTo(2);
    }

    @Test
    void verifyCaFailsWithAnotherCa() {
        assertThatThrownBy(() -> importer("tls_wrong").tls(TlsMode.VERIFY_CA, server.otherCaCert()).run())
                .isInstanceOfSatisfying(ImportException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TARGET_UNREACHABLE);
                    assertThat(e.getMessage()).contains("TLS handshake").contains("tls-ca");
                });
    }

    @Test
    void offPreferredAndRequiredConnect() {
        assertThat(importer("tls_off").tls(TlsMode.OFF, null).run().rows()).isEqualTo(2);
        assertThat(importer("tls_pref").tls(TlsMode.PREFERRED, null).run().rows()).isEqualTo(2);
        assertThat(importer("tls_req").tls(TlsMode.REQUIRED, null).run().rows()).isEqualTo(2);
    }

    @Test
    void verifyingModesNeedACa() {
        assertThatThrownBy(() -> importer("tls_noca").tls(TlsMode.VERIFY_CA, null).build())
                .isInstanceOfSatisfying(ImportException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OPTION);
                    assertThat(e.getMessage()).contains("tls-ca");
                });
        assertThat(List.of(TlsMode.parse("off"), TlsMode.parse("verify-ca"), TlsMode.parse("VERIFY_FULL"),
                TlsMode.parse("preferred"), TlsMode.parse("skip-verify"), TlsMode.parse("cluster"), TlsMode.parse("")))
                .containsExactly(TlsMode.OFF, TlsMode.VERIFY_CA, TlsMode.VERIFY_FULL, TlsMode.PREFERRED,
                        TlsMode.REQUIRED, TlsMode.VERIFY_CA, TlsMode.OFF);
    }
}
