package io.carti.core.cid;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Incremental carti CID computation: Keccak-256 (original 0x01 padding, not SHA3) over the bytes,
 * then Keccak-256 of that digest. Constant memory whatever the input size.
 */
public final class CidHasher {
    static final int CHUNK = 1 << 20;
    private final KeccakDigest digest = new KeccakDigest(256);
    private long count;

    public void update(byte[] b, int off, int len) {
        digest.update(b, off, len);
        count += len;
    }

    /** Bytes hashed so far. */
    public long count() { return count; }

    public Cid finish() {
        byte[] h1 = new byte[32];
        digest.doFinal(h1, 0);
        KeccakDigest second = new KeccakDigest(256);
        second.update(h1, 0, 32);
        byte[] h2 = new byte[32];
        second.doFinal(h2, 0);
        return Cid.ofDigest(h2);
    }

    /** Single Keccak-256 of bytes (the plain Ethereum hash), for tests and the Merkle tree. */
    public static byte[] keccak256(byte[] data) {
        KeccakDigest d = new KeccakDigest(256);
        d.update(data, 0, data.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    public static Cid hash(InputStream in) throws IOException {
        CidHasher h = new CidHasher();
        byte[] buf = new byte[CHUNK];
        int n;
        while ((n = in.read(buf)) > 0) h.update(buf, 0, n);
        return h.finish();
    }

    public static Cid hash(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            CidHasher h = new CidHasher();
            byte[] buf = new byte[CHUNK];
            ByteBuffer bb = ByteBuffer.wrap(buf);
            while (true) {
                bb.clear();
                int n = ch.read(bb);
                if (n < 0) break;
                h.update(buf, 0, n);
            }
            return h.finish();
        }
    }
}
