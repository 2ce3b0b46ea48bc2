package dev.lightning4j.sources.s3;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.sources.remote.RemoteLocation;
import dev.lightning4j.sources.remote.RetryPolicy;
import dev.lightning4j.sources.remote.Secrets;
import dev.lightning4j.spi.Storage;
import dev.lightning4j.spi.StorageProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * The {@code s3} storage: {@code s3://bucket/prefix?region=..&endpoint=..&force-path-style=true&access-key=..
 * &secret-access-key=..&session-token=..}. Without keys the AWS default chain applies (environment, profile,
 * web identity, container and instance roles). Option names follow TiDB Lightning's.
 */
public final class S3StorageProvider implements StorageProvider {
    static final Set<String> OPTIONS = Set.of("region", "endpoint", "force-path-style", "access-key",
            "secret-access-key", "session-token",
            // Write-side options of Dumpling's URLs: accepted so such URLs work, meaningless for reading.
            "provider", "storage-class", "sse", "sse-kms-key-id", "acl");

    private final RetryPolicy retry;
    private final int pageSize;

    public S3StorageProvider() {
        this(RetryPolicy.DEFAULT);
    }

    /** With its own retry policy (tests use a fast one). */
    public S3StorageProvider(RetryPolicy retry) {
        this(retry, 1000);
    }

    /** With small list pages, so tests see pagination without thousands of objects. */
    S3StorageProvider(RetryPolicy retry, int pageSize) {
        this.retry = retry;
        this.pageSize = pageSize;
    }

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("s3");
    }

    @Override
    public Storage open(URI location) throws IOException {
        RemoteLocation loc = RemoteLocation.parse(location, OPTIONS);
        String accessKey = loc.option("access-key");
        String secretKey = loc.option("secret-access-key");
        String token = loc.option("session-token");
        Secrets secrets = new Secrets(accessKey, secretKey, token);
        if ((accessKey == null) != (secretKey == null)) {
            throw new ImportException(ErrorCode.INVALID_OPTION, "data-source-dir " + loc.display()
                    + ": give both access-key and secret-access-key, or neither to use the default credentials");
        }
        if (token != null && accessKey == null) {
            throw new ImportException(ErrorCode.INVALID_OPTION, "data-source-dir " + loc.display()
                    + ": session-token needs access-key and secret-access-key");
        }
        String endpoint = loc.option("endpoint");
        S3ClientBuilder b = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)))
                // Retries are ours: a read resumes from the last byte instead of starting over.
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .forcePathStyle(loc.flag("force-path-style"));
        b.credentialsProvider(credentials(accessKey, secretKey, token));
        String region = loc.option("region");
        if (region == null && endpoint == null) {
            region = defaultRegion();
            // The bucket may live elsewhere than the default region; let the client follow its redirect.
            b.crossRegionAccessEnabled(true);
        }
        b.region(Region.of(region != null ? region : "us-east-1"));
        if (endpoint != null) {
            try {
                URI e = URI.create(endpoint.contains("://") ? endpoint : "https://" + endpoint);
                b.endpointOverride(e);
            } catch (IllegalArgumentException ex) {
                throw new ImportException(ErrorCode.INVALID_OPTION, "data-source-dir " + loc.display()
                        + ": endpoint is not a URL; use http(s)://host:port");
            }
        }
        S3Client client;
        try {
            client = b.build();
        } catch (SdkException | IllegalArgumentException e) {
            throw new ImportException(ErrorCode.INVALID_OPTION, "data-source-dir " + loc.display()
                    + ": cannot set up the S3 client: " + secrets.describe(e), secrets.scrubbed(e));
        }
        S3Storage storage = new S3Storage(client, loc, endpoint, retry, secrets, pageSize);
        try {
            storage.checkExists();
        } catch (IOException | RuntimeException e) {
            storage.close();
            throw e;
        }
        return storage;
    }

    private static AwsCredentialsProvider credentials(String accessKey, String secretKey, String token) {
        if (accessKey == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(token != null
                ? AwsSessionCredentials.create(accessKey, secretKey, token)
                : AwsBasicCredentials.create(accessKey, secretKey));
    }

    private static String defaultRegion() {
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion().id();
        } catch (SdkException e) {
            return null;
        }
    }
}
