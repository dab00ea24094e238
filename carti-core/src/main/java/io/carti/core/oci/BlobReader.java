package io.carti.core.oci;

import io.carti.core.CartiException;
import java.io.IOException;
import java.io.InputStream;

/** Where an image's blobs come from (a layout directory, a docker-save tar, a registry). */
public interface BlobReader {
    /** Max size of a manifest, index or config read into memory. */
    long SMALL_LIMIT = 4L << 20;

    /** Opens a blob's raw bytes; the stream checks digest and size when it reaches its end. */
    InputStream open(Descriptor d) throws IOException;

    /**
     * Reads a manifest or index an index points to, verified. A registry serves these from its manifests endpoint
     * (docker-registry has no blob for them); a layout or a tar holds them as blobs.
     */
    default byte[] readManifest(Descriptor d, String what) { return readSmall(d, what); }

    /** Reads a small JSON blob (manifest, index, config), verified. */
    default byte[] readSmall(Descriptor d, String what) {
        if (d.data() != null) {
            Digest actual = Digest.sha256(d.data());
            if (!actual.equals(d.digest())) throw new CartiException(CartiException.Kind.INTEGRITY, what + ": embedded data does not match " + d.digest());
            return d.data();
        }
        if (d.size() > SMALL_LIMIT) throw new CartiException(CartiException.Kind.INVALID_INPUT, what + " " + d.digest() + " is too large (" + d.size() + " bytes)");
        try (InputStream in = open(d)) {
            byte[] b = in.readNBytes((int) d.size() + 1);
            if (in.read() >= 0 || b.length > d.size()) throw new CartiException(CartiException.Kind.INTEGRITY, what + " " + d.digest() + ": larger than declared");
            if (b.length != d.size()) throw new CartiException(CartiException.Kind.INTEGRITY, what + " " + d.digest() + ": size mismatch (expected " + d.size() + " bytes, got " + b.length + ")");
            Digest actual = Digest.of(d.digest().algorithm(), d.digest().newMessageDigest().digest(b));
            if (!actual.equals(d.digest())) throw new CartiException(CartiException.Kind.INTEGRITY, what + ": digest mismatch (expected " + d.digest() + ", got " + actual + ")");
            return b;
        } catch (IOException e) {
            throw new CartiException(CartiException.Kind.FAILED, "cannot read " + what + " " + d.digest() + ": " + e.getMessage(), e);
        }
    }
}
