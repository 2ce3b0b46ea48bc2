package dev.lightning4j.logical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.TlsMode;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsPropertiesTest {
    @TempDir
    Path dir;

    @Test
    void offDisablesTlsUnlessTheUrlChoosesAndPreferredPrefers() {
        assertThat(TlsProperties.of(TlsMode.OFF, null, "jdbc:mysql://h:4000/")).containsExactly(
                Map.entry("sslMode", "DISABLED"));
        assertThat(TlsProperties.of(TlsMode.OFF, null, "jdbc:mysql://h:4000/?sslMode=REQUIRED")).isEmpty();
        assertThat(TlsProperties.of(TlsMode.PREFERRED, null, "jdbc:mysql://h/")).containsEntry("sslMode", "PREFERRED");
    }

    @Test
    void verifyingModesGetATrustStoreHoldingTheCa() throws Exception {
        Path pem = dir.resolve("ca.pem");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-keyout", dir.resolve("k.pem").toString(), "-out", pem.toString(), "-subj", "/CN=unit ca")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();

        Map<String, String> props = TlsProperties.of(TlsMode.VERIFY_FULL, pem, "jdbc:mysql://h/");
        assertThat(props).containsEntry("sslMode", "VERIFY_IDENTITY").containsEntry("trustCertificateKeyStoreType",
                "PKCS12").containsEntry("fallbackToSystemTrustStore", "false");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(URI.create(props.get("trustCertificateKeyStoreUrl"))))) {
            ks.load(in, props.get("trustCertificateKeyStorePassword").toCharArray());
        }
        assertThat(ks.size()).isEqualTo(1);
        assertThat(TlsProperties.of(TlsMode.VERIFY_CA, pem, "jdbc:mysql://h/")).containsEntry("sslMode", "VERIFY_CA");
    }

    @Test
    void aFileThatIsNotACertificateIsAnOptionError() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.pem"), "not a certificate");
        assertThatThrownBy(() -> TlsProperties.of(TlsMode.VERIFY_CA, bad, "jdbc:mysql://h/"))
                .isInstanceOfSatisfying(ImportException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OPTION);
                    assertThat(e.getMessage()).contains("tls-ca").contains("bad.pem");
                });
    }
}
