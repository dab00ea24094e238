package io.carti.core.oci;

import io.carti.core.CartiException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * The uncompressed side of a layer: hashes it (for the diff_id check) and stops at a byte budget shared by
 * all layers, so a small compressed blob cannot expand without bound (a decompression bomb).
 */
final class BoundedDigestStream extends FilterInputStream {
    /** Bytes still allowed across the whole import. */
    static final class Budget {
        final long limit;
        long used;

        Budget(long limit) { this.limit = limit; }
    }

    private final MessageDigest md;
    private final Budget budget;
    private final String what;

    BoundedDigestStream(InputStream in, String algorithm, Budget budget, String what) {
        super(in);
        this.md = Digest.messageDigest(algorithm);
        this.budget = budget;
        this.what = what;
    }

    @Override public int read() throws IOException {
        byte[] b = new byte[1];
        int n = read(b, 0, 1);
        return n < 0 ? -1 : b[0] & 0xff;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n <= 0) return n;
        budget.used += n;
        if (budget.used > budget.limit) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, what + " expands beyond the import limit of " + budget.limit
                    + " bytes (a decompression bomb?); raise it with --max-size");
        }
        md.update(b, off, n);
        return n;
    }

    @Override public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(Math.max(n, 1), 65536)];
        int r = read(buf, 0, buf.length);
        return Math.max(r, 0);
    }

    @Override public boolean markSupported() { return false; }

    byte[] digest() { return md.digest(); }
}
