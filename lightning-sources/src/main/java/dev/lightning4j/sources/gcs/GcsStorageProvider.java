package dev.lightning4j.sources.gcs;

import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.ServiceOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.sources.remote.RemoteLocation;
import dev.lightning4j.sources.remote.RetryPolicy;
import dev.lightning4j.sources.remote.Secrets;
import dev.lightning4j.spi.StorageProvider;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The {@code gcs} (also {@code gs}) storage: {@code gcs://bucket/prefix?credentials-file=..&endpoint=..}.
 * Without a credentials file the application default credentials apply; with an endpoint and no credentials
 * file requests go unauthenticated, as local servers expect.
 */
public final class GcsStorageProvider implements StorageProvider {
    static final Set<String> OPTIONS = Set.of("credentials-file", "endpoint",
            // Write-side options of Dumpling's URLs: accepted so such URLs work, meaningless for reading.
            "storage-class", "predefined-acl");

    private final RetryPolicy retry;
    private final int pageSize;

    public GcsStorageProvider() {
        this(RetryPolicy.DEFAULT);
    }

    /** With its own retry policy (tests use a fast one). */
    public GcsStorageProvider(RetryPolicy retry) {
        this(retry, 1000);
    }

    GcsStorageProvider(RetryPolicy retry, int pageSize) {
        this.retry = retry;
        this.pageSize = pageSize;
    }

    @Override
    public String name() {
        return "gcs";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("gcs", "gs");
    }

    @Override
    public dev.lightning4j.spi.Storage open(URI location) throws IOException {
        RemoteLocation loc = RemoteLocation.parse(location, OPTIONS);
        String endpoint = loc.option("endpoint");
        String credentialsFile = loc.option("credentials-file");
        Secrets secrets = new Secrets();
        StorageOptions.Builder b = StorageOptions.http()
                // Retries are ours: a read resumes from the last byte delivered.
                .setRetrySettings(ServiceOptions.getNoRetrySettings())
                // Object reads and listings need no project; naming one skips the slow search for a default.
                .setProjectId("lightning4j");
        if (endpoint != null) {
            b.setHost(endpoint.contains("://") ? endpoint : "https://" + endpoint);
        }
        b.setCredentials(credentials(loc, credentialsFile, endpoint, secrets));
        Storage client;
        try {
            client = b.build().getService();
        } catch (RuntimeException e) {
            throw new ImportException(ErrorCode.INVALID_OPTION, "data-source-dir " + loc.display()
                    + ": cannot set up the GCS client: " + secrets.describe(e), secrets.scrubbed(e));
        }
        GcsStorage storage = new GcsStorage(client, loc, endpoint, retry, secrets, pageSize);
        try {
            storage.checkExists();
        } catch (IOException | RuntimeException e) {
            storage.close();
            throw e;
        }
        return storage;
    }

    private static Credentials credentials(RemoteLocation loc, String file, String endpoint, Secrets secrets) {
        if (file != null) {
            byte[] content;
            try {
                content = Files.readAllBytes(Path.of(file));
            } catch (NoSuchFileException e) {
                throw new ImportException(ErrorCode.INVALID_OPTION, "data-source-dir " + loc.display()
                        + ": credentials-file " + file + " does not exist");
            } catch (IOException e) {
                throw new ImportException(ErrorCode.INVALID_OPTION, "data-source-dir " + loc.display()
                        + ": credentials-file " + file + " cannot be read: " + e.getClass().getSimpleName());
            }
            // Whatever a parser error quotes from the file must not reach a message.
            String text = new String(content, java.nio.charset.StandardCharsets.UTF_8);
            for (String piece : text.split("[\\r\\n\"\\\\]")) {
                String p = piece.strip();
                if (p.length() >= 16 && !p.startsWith("http")) {
                    secrets.add(p);
                }
            }
            try (InputStream in = new java.io.ByteArrayInputStream(content)) {
                return fromStream(in);
            } catch (IOException | RuntimeException e) {
                throw new ImportException(ErrorCode.INVALID_OPTION, "data-source-dir " + loc.display()
                        + ": credentials-file " + file + " is not a Google credentials JSON file ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        if (endpoint != null) {
            return NoCredentials.getInstance();
        }
        try {
            return GoogleCredentials.getApplicationDefault();
        } catch (IOException e) {
            throw new ImportException(ErrorCode.INVALID_OPTION, "data-source-dir " + loc.display()
                    + ": no Google credentials found; set credentials-file=/path/key.json in the URL, or"
                    + " GOOGLE_APPLICATION_CREDENTIALS, or run where application default credentials exist");
        }
    }

    @SuppressWarnings("deprecation")
    private static GoogleCredentials fromStream(InputStream in) throws IOException {
        return GoogleCredentials.fromStream(in);
    }
}
