package dev.lightning4j.sources.s3;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.sources.remote.RemoteLocation;
import dev.lightning4j.sources.remote.ResumingInputStream;
import dev.lightning4j.sources.remote.Retry;
import dev.lightning4j.sources.remote.RetryPolicy;
import dev.lightning4j.sources.remote.Secrets;
import dev.lightning4j.spi.Storage;
import dev.lightning4j.spi.StorageFile;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The objects under one S3 prefix. Thread-safe: the S3 client is, and each open stream is separate. */
final class S3Storage implements Storage {
    private final S3Client client;
    private final RemoteLocation loc;
    private final String describe;
    private final RetryPolicy retry;
    private final Secrets secrets;
    private final int pageSize;

    S3Storage(S3Client client, RemoteLocation loc, String endpoint, RetryPolicy retry, Secrets secrets, int pageSize) {
        this.client = client;
        this.loc = loc;
        this.retry = retry;
        this.secrets = secrets;
        this.pageSize = pageSize;
        this.describe = secrets.scrub(loc.describe(endpoint));
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public String toString() {
        return "S3Storage[" + describe + "]";
    }

    /** Fails with SOURCE_NOT_FOUND unless the bucket exists and holds at least one object under the prefix. */
    void checkExists() throws IOException {
        ListObjectsV2Response first = listPage(null, 1, 1);
        if (first.contents().isEmpty()) {
            throw new ImportException(ErrorCode.SOURCE_NOT_FOUND, "no objects under " + describe
                    + "; check the bucket name and the prefix (keys are case-sensitive)"
                    + " and that the export was uploaded there");
        }
    }

    @Override
    public List<StorageFile> list() throws IOException {
        List<StorageFile> files = new ArrayList<>();
        String token = null;
        int page = 1;
        do {
            ListObjectsV2Response resp = listPage(token, pageSize, page++);
            for (S3Object o : resp.contents()) {
                String rel = loc.relative(o.key());
                if (rel != null) {
                    files.add(new StorageFile(rel, o.size() == null ? 0 : o.size()));
                }
            }
            token = Boolean.TRUE.equals(resp.isTruncated()) ? resp.nextContinuationToken() : null;
        } while (token != null);
        files.sort(Comparator.comparing(StorageFile::path));
        return files;
    }

    private ListObjectsV2Response listPage(String token, int maxKeys, int page) throws IOException {
        ListObjectsV2Request.Builder req = ListObjectsV2Request.builder().bucket(loc.bucket()).maxKeys(maxKeys);
        if (!loc.prefix().isEmpty()) {
            req.prefix(loc.prefix());
        }
        if (token != null) {
            req.continuationToken(token);
        }
        ListObjectsV2Request r = req.build();
        return Retry.call("listing " + describe + " (page " + page + ")", retry, secrets,
                () -> client.listObjectsV2(r), e -> permanent(e, null));
    }

    @Override
    public InputStream open(String path, long offset) throws IOException {
        String key = loc.keyToRead(path, offset, describe);
        return new ResumingInputStream("s3://" + loc.bucket() + "/" + key, offset, new Body(key, path), retry,
                secrets).start();
    }

    /** Ranged GETs of one object, pinned to the version first seen so a resumed read never splices two. */
    private final class Body implements ResumingInputStream.Source {
        private final String key;
        private final String path;
        private String etag;

        Body(String key, String path) {
            this.key = key;
            this.path = path;
        }

        @Override
        public ResumingInputStream.Body open(long position) throws IOException {
            GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(loc.bucket()).key(key);
            if (position > 0) {
                req.range("bytes=" + position + "-");
            }
            if (etag != null) {
                req.ifMatch(etag);
            }
            ResponseInputStream<GetObjectResponse> in;
            try {
                in = client.getObject(req.build());
            } catch (S3Exception e) {
                if (e.statusCode() == 416) {
                    // Nothing at or after this offset.
                    return new ResumingInputStream.Body(InputStream.nullInputStream(), -1);
                }
                throw e;
            }
            GetObjectResponse resp = in.response();
            if (etag == null) {
                etag = resp.eTag();
            }
            if (position > 0 && resp.contentRange() == null) {
                // A server that ignores Range sends the whole object: skip to the offset.
                in.skipNBytes(position);
            }
            Long len = resp.contentLength();
            return new ResumingInputStream.Body(in, len == null ? -1 : position + len);
        }

        @Override
        public RuntimeException permanent(Exception failure, long position) {
            return S3Storage.this.permanent(failure, path);
        }

        @Override
        public void abort(InputStream in) {
            if (in instanceof ResponseInputStream<?> r) {
                r.abort();
            }
            ResumingInputStream.Source.super.abort(in);
        }
    }

    /** The error for a failure that retrying cannot fix, or null for a transient one. */
    private RuntimeException permanent(Exception e, String path) {
        if (e instanceof S3Exception s3) {
            int status = s3.statusCode();
            if (status == 429 || status >= 500) {
                return null;
            }
            String code = s3.awsErrorDetails() != null ? s3.awsErrorDetails().errorCode() : null;
            String what = path == null ? describe : path + " in " + describe;
            if (status == 404) {
                if ("NoSuchBucket".equals(code) || path == null) {
                    return new ImportException(ErrorCode.SOURCE_NOT_FOUND, "bucket " + loc.bucket()
                            + " does not exist (" + describe + "); check the bucket name, the region and the endpoint",
                            secrets.scrubbed(e));
                }
                return new ImportException(ErrorCode.SOURCE_NOT_FOUND, "object " + what
                        + " does not exist; was it removed after the source was listed?", path, -1, null, null,
                        secrets.scrubbed(e));
            }
            if (status == 412) {
                return new ImportException(ErrorCode.SOURCE_READ, "object " + what
                        + " was replaced while it was being read; run the import again once uploads are done",
                        path, -1, null, null, secrets.scrubbed(e));
            }
            String hint = status == 403 ? "; check access-key and secret-access-key (or the default credentials)"
                    + " and that they may list the bucket and read its objects (s3:ListBucket, s3:GetObject)"
                    : status == 301 ? "; the bucket is in another region: set region= to it" : "";
            return new ImportException(path == null ? ErrorCode.SOURCE_NOT_FOUND : ErrorCode.SOURCE_READ,
                    "S3 refused " + (path == null ? "listing " : "reading ") + what + ": " + secrets.describe(e) + hint,
                    path, -1, null, null, secrets.scrubbed(e));
        }
        if (e instanceof SdkClientException && !(e.getCause() instanceof IOException)
                && e.getMessage() != null && e.getMessage().contains("credentials")) {
            return new ImportException(ErrorCode.INVALID_OPTION, "no AWS credentials for " + describe + ": "
                    + secrets.describe(e) + "; give access-key and secret-access-key, or set up the default"
                    + " credentials (environment, profile, instance role)", secrets.scrubbed(e));
        }
        return null;
    }

    @Override
    public void close() {
        client.close();
    }
}
