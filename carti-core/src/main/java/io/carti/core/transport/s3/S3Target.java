package io.carti.core.transport.s3;

import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.cid.Cid;
import io.carti.core.cid.CidHasher;
import io.carti.core.publish.ProgressListener;
import io.carti.core.publish.PublishTarget;
import io.carti.core.store.IntegrityException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@code publish s3}: uploads a bundle as the object {@code <prefix><cid>} (upstream used the bare CID as key).
 * Files from {@link #partSize} up go as a multipart upload, one part at a time, so memory stays constant; a failed
 * multipart upload is aborted. The object's metadata carries the CID ({@code x-amz-meta-carti-cid}), so a later
 * publish of the same bytes is skipped after a HEAD (size and CID match) unless forced.
 */
public final class S3Target implements PublishTarget {
    public static final long DEFAULT_PART_SIZE = 16L << 20;
    /** S3's smallest allowed part (except the last) and its largest part count. */
    static final long MIN_PART_SIZE = 5L << 20;
    static final int MAX_PARTS = 10_000;
    static final String CID_META = "carti-cid";

    private final S3Settings settings;
    private final String bucket;
    private final String prefix;
    private final long partSize;

    public S3Target(S3Settings settings, String bucket, String prefix) { this(settings, bucket, prefix, DEFAULT_PART_SIZE); }

    public S3Target(S3Settings settings, String bucket, String prefix, long partSize) {
        if (bucket == null || bucket.isBlank()) throw new CartiException(CartiException.Kind.INVALID_INPUT, "the bucket name must not be empty");
        if (partSize < MIN_PART_SIZE) throw new CartiException(CartiException.Kind.INVALID_INPUT, "the part size must be at least 5 MiB");
        this.settings = settings;
        this.bucket = bucket;
        this.prefix = prefix == null ? "" : prefix;
        this.partSize = partSize;
    }

    @Override public String where() { return "s3:" + bucket; }

    public String key(Bundle bundle) { return prefix + bundle.cid(); }

    @Override public String uriFor(Bundle bundle) { return new S3Location(bucket, key(bundle)).toString(); }

    @Override public Upload upload(Bundle bundle, Path file, boolean force, ProgressListener progress) {
        Cid cid = bundle.cid();
        long size = verifiedSize(bundle, file, cid);
        String key = key(bundle);
        String uri = uriFor(bundle);
        try (S3Client s3 = S3Clients.build(settings)) {
            Optional<HeadObjectResponse> existing = head(s3, key);
            if (!force && existing.isPresent() && existing.get().contentLength() == size
                    && cid.toString().equals(existing.get().metadata().get(CID_META))) {
                return new Upload(uri, Outcome.SKIPPED, 0);
            }
            progress.started(bundle.name(), size);
            try {
                send(s3, key, file, size, bundle, progress);
            } catch (SdkClientException e) {
                // a server that rejects a request early closes the connection while the body is still being sent:
                // the client sees a write error; ask again with a small request whose error has a body
                diagnose(s3, key);
                throw e;
            }
            long stored = storedSize(s3, key);
            if (stored != size && stored != UNKNOWN) {
                throw new CartiException("upload to " + uri + " did not stick: the server holds " + stored + " bytes, expected " + size);
            }
            progress.finished();
            return new Upload(uri, Outcome.UPLOADED, size);
        } catch (SdkException e) {
            throw S3Errors.translate(e, "upload " + bundle.name() + " to " + uri, settings, bucket);
        } catch (UncheckedIOException e) {
            throw new CartiException("cannot upload " + bundle.name() + " to " + uri + ": " + e.getCause().getMessage(), e);
        }
    }

    private void send(S3Client s3, String key, Path file, long size, Bundle bundle, ProgressListener progress) {
        Map<String, String> meta = Map.of(CID_META, bundle.id(), "carti-name", ascii(bundle.name()),
                "carti-version", ascii(bundle.version()), "carti-file-name", ascii(bundle.fileName()));
        String disposition = "attachment; filename=\"" + ascii(bundle.fileName()).replace("\"", "") + "\"";
        if (size < partSize) {
            s3.putObject(r -> r.bucket(bucket).key(key).metadata(meta).contentType("application/octet-stream")
                    .contentDisposition(disposition).contentLength(size), body(file, 0, size));
            progress.advanced(size);
        } else {
            multipart(s3, key, file, size, meta, disposition, progress);
        }
    }

    private void multipart(S3Client s3, String key, Path file, long size, Map<String, String> meta, String disposition,
                           ProgressListener progress) {
        long part = Math.max(partSize, (size + MAX_PARTS - 1) / MAX_PARTS);
        String uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key).metadata(meta)
                .contentType("application/octet-stream").contentDisposition(disposition)).uploadId();
        try {
            List<CompletedPart> done = new ArrayList<>();
            for (long off = 0; off < size; off += part) {
                long len = Math.min(part, size - off);
                int number = done.size() + 1;
                String etag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(number).contentLength(len),
                        body(file, off, len)).eTag();
                done.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                progress.advanced(len);
            }
            s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(done)));
        } catch (RuntimeException e) {
            abortQuietly(s3, key, uploadId, e);
            throw e;
        }
    }

    private void abortQuietly(S3Client s3, String key, String uploadId, RuntimeException cause) {
        try {
            s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException e) {
            cause.addSuppressed(e); // the server may be gone; the upload expires with the bucket's lifecycle rules
        }
    }

    /**
     * The object's metadata, or empty when it is absent or cannot be seen: a HEAD error has no body, so a 404 may
     * also mean "no bucket" and a 403 may mean "no read permission" as well as "bad credentials"; the upload that
     * follows gets an error with a body that says which.
     */
    private Optional<HeadObjectResponse> head(S3Client s3, String key) {
        try {
            return Optional.of(s3.headObject(r -> r.bucket(bucket).key(key)));
        } catch (S3Exception e) {
            if (e.statusCode() != 404 && e.statusCode() != 403) throw e;
            diagnose(s3, key); // a missing bucket or bad credentials fail now, before any byte is sent
            return Optional.empty();
        }
    }

    /** Error codes that no upload can get past. */
    private static final Set<String> FATAL = Set.of("NoSuchBucket", "InvalidAccessKeyId", "SignatureDoesNotMatch",
            "InvalidToken", "ExpiredToken", "InvalidBucketName");

    /**
     * Throws the server's error when a one-byte GET of the key shows a problem no upload can get past (a HEAD error
     * has no body to say so). Anything else (no such key, no read permission, no answer) is left to the upload.
     */
    private void diagnose(S3Client s3, String key) {
        try (InputStream in = s3.getObject(r -> r.bucket(bucket).key(key).range("bytes=0-0"))) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : null;
            if (code != null && FATAL.contains(code)) throw e;
        } catch (IOException | SdkClientException e) {
            // no clearer diagnosis
        }
    }

    private static final long UNKNOWN = -2;

    /** The stored object's size after an upload; {@link #UNKNOWN} when the credentials may write but not read. */
    private long storedSize(S3Client s3, String key) {
        try {
            return s3.headObject(r -> r.bucket(bucket).key(key)).contentLength();
        } catch (S3Exception e) {
            if (e.statusCode() == 403) return UNKNOWN;
            if (e.statusCode() == 404) return -1;
            throw e;
        }
    }

    private static RequestBody body(Path file, long offset, long length) {
        return RequestBody.fromContentProvider(() -> {
            try {
                return new FileSlice(file, offset, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, length, "application/octet-stream");
    }

    /** The file's size, after checking that its bytes still hash to the bundle's CID (never publish a corrupt store). */
    private static long verifiedSize(Bundle bundle, Path file, Cid cid) {
        try {
            long size = Files.size(file);
            Cid actual = CidHasher.hash(file);
            if (!actual.equals(cid)) throw new IntegrityException("bundle " + bundle.name(), file.toString(), cid.toString(), actual.toString(), size);
            return size;
        } catch (IOException e) {
            throw new CartiException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** S3 metadata travels in HTTP headers: keep it to printable ASCII. */
    private static String ascii(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> b.append(c >= 0x20 && c < 0x7f ? (char) c : '_'));
        return b.toString();
    }
}
