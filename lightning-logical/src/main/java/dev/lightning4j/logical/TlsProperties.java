package dev.lightning4j.logical;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.TlsMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Maps the {@code tls} option to mysql-connector-j properties: {@code sslMode} and, for the verifying
 * modes, a trust store holding the given PEM CA certificate(s), written as a PKCS12 file the driver reads.
 */
final class TlsProperties {
    private TlsProperties() {
    }

    /** Driver properties for the mode; empty for {@link TlsMode#OFF} when the URL already chooses an sslMode. */
    static Map<String, String> of(TlsMode mode, Path caCert, String jdbcUrl) {
        Map<String, String> props = new LinkedHashMap<>();
        String url = jdbcUrl == null ? "" : jdbcUrl.toLowerCase(Locale.ROOT);
        switch (mode) {
            case OFF -> {
                if (!url.contains("sslmode=") && !url.contains("usessl=")) {
                    props.put("sslMode", "DISABLED");
                }
            }
            case PREFERRED -> props.put("sslMode", "PREFERRED");
            case REQUIRED -> props.put("sslMode", "REQUIRED");
            case VERIFY_CA, VERIFY_FULL -> {
                props.put("sslMode", mode == TlsMode.VERIFY_CA ? "VERIFY_CA" : "VERIFY_IDENTITY");
                String password = UUID.randomUUID().toString();
                Path store = trustStore(caCert, password.toCharArray());
                props.put("trustCertificateKeyStoreUrl", store.toUri().toString());
                props.put("trustCertificateKeyStoreType", "PKCS12");
                props.put("trustCertificateKeyStorePassword", password);
                props.put("fallbackToSystemTrustStore", "false");
            }
        }
        return props;
    }

    private static Path trustStore(Path caCert, char[] password) {
        try {
            Collection<? extends Certificate> certs;
            try (InputStream in = Files.newInputStream(caCert)) {
                certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (certs.isEmpty()) {
                throw new ImportException(ErrorCode.INVALID_OPTION, "tls-ca: " + caCert + " holds no certificate;"
                        + " give the PEM file of the CA");
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            Path file = Files.createTempFile("lightning-truststore-", ".p12");
            file.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(file)) {
                ks.store(out, password);
            }
            return file;
        } catch (IOException | GeneralSecurityException e) {
            throw new ImportException(ErrorCode.INVALID_OPTION, "tls-ca: cannot read the CA certificate " + caCert
                    + ": " + e.getMessage() + "; give a PEM (or DER) X.509 certificate", e);
        }
    }
}
