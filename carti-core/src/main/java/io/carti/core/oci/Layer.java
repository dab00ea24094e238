package io.carti.core.oci;

import java.io.IOException;
import java.io.InputStream;

/**
 * One filesystem layer of an image: where its (possibly compressed) bytes come from and the digest its
 * uncompressed tar must have ({@code rootfs.diff_ids}). {@code opener} returns a stream that verifies the blob.
 */
public record Layer(int index, Descriptor descriptor, Digest diffId, Opener opener) {
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    public String describe() {
        return "layer " + (index + 1) + (descriptor != null ? " (" + descriptor.digest() + ")" : " (" + diffId + ")");
    }
}
