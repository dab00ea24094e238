package io.carti.core.cid;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Incremental carti CID computation: Keccak-256 (original 0x01 padding, not SHA3) over the bytes,
 * then Keccak-256 of that digest. Constant memory whatever the input size.
 * <p>
 * Uses carti's own {@link Keccak256} (about 1.3x Bouncy Castle's {@code KeccakDigest}, see docs/performance.md);
 * the tests check it against Bouncy Castle. {@link #hash(Path)} and {@link #hash(InputStream)} read ahead on a
 * background thread ({@link HashPipeline}) so the reads overlap the hashing.
 */
public final class CidHasher {
    static final int CHUNK = 1 << 20;
    private final Keccak256 digest = new Keccak256();
    private long count;

    public void update(byte[] b, int off, int len) {
        digest.update(b, off, len);
        count += len;
    }

    /** Bytes hashed so far. */
    public long count() { return count; }

    public Cid finish() {
        return Cid.ofDigest(keccak256(digest.digest()));
    }

    /** Single Keccak-256 of bytes (the plain Ethereum hash), for tests and the Merkle tree. */
    public static byte[] keccak256(byte[] data) {
        return Keccak256.hash(data);
    }

    public static Cid hash(InputStream in) throws IOException {
        CidHasher h = new CidHasher();
        HashPipeline.run(HashPipeline.source(in), h, null);
        return h.finish();
    }

    public static Cid hash(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            CidHasher h = new CidHasher();
            HashPipeline.run(HashPipeline.source(ch), h, null);
            return h.finish();
        }
    }
}
