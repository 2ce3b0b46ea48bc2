package dev.lightning4j.sources.gcs;

import com.google.api.gax.paging.Page;
import com.google.cloud.BaseServiceException;
import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobField;
import com.google.cloud.storage.Storage.BlobGetOption;
import com.google.cloud.storage.Storage.BlobListOption;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.sources.remote.RemoteLocation;
import dev.lightning4j.sources.remote.ResumingInputStream;
import dev.lightning4j.sources.remote.Retry;
import dev.lightning4j.sources.remote.RetryPolicy;
import dev.lightning4j.sources.remote.Secrets;
import dev.lightning4j.spi.StorageFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The objects under one GCS prefix. Thread-safe: the client is, and each open stream is separate. */
final class GcsStorage implements dev.lightning4j.spi.Storage {
    /** Read-ahead of the client per open stream: bounds memory and keeps requests few. */
    private static final int CHUNK = 1 << 20;

    private final Storage client;
    private final RemoteLocation loc;
    private final String describe;
    private final RetryPolicy retry;
    private final Secrets secrets;
    private final int pageSize;

    GcsStorage(Storage client, RemoteLocation loc, String endpoint, RetryPolicy retry, Secrets secrets, int pageSize) {
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
        return "GcsStorage[" + describe + "]";
    }

    void checkExists() throws IOException {
        Page<Blob> first = listPage(null, 1, 1);
        if (!first.getValues().iterator().hasNext()) {
            throw new ImportException(ErrorCode.SOURCE_NOT_FOUND, "no objects under " + describe
                    + "; check the bucket name and the prefix (names are case-sensitive)"
                    + " and that the export was uploaded there");
        }
    }

    @Override
    public List<StorageFile> list() throws IOException {
        List<StorageFile> files = new ArrayList<>();
        Page<Blob> page = listPage(null, pageSize, 1);
        int n = 1;
        while (true) {
            for (Blob b : page.getValues()) {
                String rel = loc.relative(b.getName());
                if (rel != null) {
                    files.add(new StorageFile(rel, b.getSize() == null ? 0 : b.getSize()));
                }
            }
            if (!page.hasNextPage()) {
                break;
            }
            Page<Blob> current = page;
            n++;
            page = Retry.call("listing " + describe + " (page " + n + ")", retry, secrets, current::getNextPage,
                    e -> permanent(e, null));
        }
        files.sort(Comparator.comparing(StorageFile::path));
        return files;
    }

    private Page<Blob> listPage(String token, int size, int n) throws IOException {
        List<BlobListOption> opts = new ArrayList<>();
        opts.add(BlobListOption.pageSize(size));
        opts.add(BlobListOption.fields(BlobField.NAME, BlobField.SIZE));
        if (!loc.prefix().isEmpty()) {
            opts.add(BlobListOption.prefix(loc.prefix()));
        }
        if (token != null) {
            opts.add(BlobListOption.pageToken(token));
        }
        BlobListOption[] array = opts.toArray(BlobListOption[]::new);
        return Retry.call("listing " + describe + " (page " + n + ")", retry, secrets,
                () -> client.list(loc.bucket(), array), e -> permanent(e, null));
    }

    @Override
    public InputStream open(String path, long offset) throws IOException {
        String name = loc.keyToRead(path, offset, describe);
        String display = loc.scheme() + "://" + loc.bucket() + "/" + name;
        Blob meta = Retry.call("reading the metadata of " + display, retry, secrets,
                () -> client.get(BlobId.of(loc.bucket(), name), BlobGetOption.fields(BlobField.SIZE,
                        BlobField.GENERATION)), e -> permanent(e, path));
        if (meta == null) {
            throw new ImportException(ErrorCode.SOURCE_NOT_FOUND, "object " + path + " does not exist in "
                    + describe + "; was it removed after the source was listed?", path, -1, null, null, null);
        }
        // Pinning the generation keeps a resumed read on the object version it started with.
        BlobId id = BlobId.of(loc.bucket(), name, meta.getGeneration());
        long size = meta.getSize() == null ? -1 : meta.getSize();
        return new ResumingInputStream(display, offset, new ResumingInputStream.Source() {
            @Override
            public ResumingInputStream.Body open(long position) throws IOException {
                if (size >= 0 && position >= size) {
                    return new ResumingInputStream.Body(InputStream.nullInputStream(), -1);
                }
                ReadChannel ch = client.reader(id);
                ch.setChunkSize(CHUNK);
                if (position > 0) {
                    ch.seek(position);
                }
                return new ResumingInputStream.Body(Channels.newInputStream(ch), size);
            }

            @Override
            public RuntimeException permanent(Exception failure, long position) {
                return GcsStorage.this.permanent(failure, path);
            }
        }, retry, secrets).start();
    }

    /** The error for a failure that retrying cannot fix, or null for a transient one. */
    private RuntimeException permanent(Exception e, String path) {
        BaseServiceException se = serviceException(e);
        if (se == null) {
            return null;
        }
        int code = se.getCode();
        if (code == 429 || code >= 500 || code <= 0) {
            // 0: no HTTP status at all, the connection failed.
            return null;
        }
        String what = path == null ? describe : path + " in " + describe;
        if (code == 404) {
            if (path == null) {
                return new ImportException(ErrorCode.SOURCE_NOT_FOUND, "bucket " + loc.bucket()
                        + " does not exist (" + describe + "); check the bucket name and the endpoint",
                        secrets.scrubbed(e));
            }
            return new ImportException(ErrorCode.SOURCE_NOT_FOUND, "object " + what
                    + " does not exist; was it removed after the source was listed?", path, -1, null, null,
                    secrets.scrubbed(e));
        }
        if (code == 412) {
            return new ImportException(ErrorCode.SOURCE_READ, "object " + what
                    + " was replaced while it was being read; run the import again once uploads are done",
                    path, -1, null, null, secrets.scrubbed(e));
        }
        String hint = code == 401 || code == 403 ? "; check credentials-file (or the application default"
                + " credentials) and that they may list and read the bucket (storage.objects.list, storage.objects.get)"
                : "";
        return new ImportException(path == null ? ErrorCode.SOURCE_NOT_FOUND : ErrorCode.SOURCE_READ,
                "GCS refused " + (path == null ? "listing " : "reading ") + what + ": " + secrets.describe(se) + hint,
                path, -1, null, null, secrets.scrubbed(e));
    }

    private static BaseServiceException serviceException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BaseServiceException b) {
                return b;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        try {
            client.close();
        } catch (Exception e) {
            throw new IOException("closing the GCS client of " + describe + ": " + secrets.describe(e));
        }
    }
}
