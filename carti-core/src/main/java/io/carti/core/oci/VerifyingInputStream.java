package io.carti.core.oci;

import io.carti.core.CartiException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes what passes through and, at end of stream, checks the size and digest a descriptor promised. Reading
 * past the promised size fails at once, so a lying server cannot feed an endless blob.
 */
public final class VerifyingInputStream extends FilterInputStream {
    private final Digest expected;
    private final long expectedSize;
    private final String what;
    private final MessageDigest md;
    private long count;
    private boolean verified;

    /** @param expectedSize the size to enforce, or -1 when unknown */
    public VerifyingInputStream(InputStream in, Digest expected, long expectedSize, String what) {
        this(in, expected, expectedSize, what, expected.newMessageDigest(), 0);
    }

    private VerifyingInputStream(InputStream in, Digest expected, long expectedSize, String what, MessageDigest md, long count) {
        super(in);
        this.expected = expected;
        this.expectedSize = expectedSize;
        this.what = what;
        this.md = md;
        this.count = count;
    }

    /** Bytes delivered so far. */
    public long count() { return count; }

    public Digest expected() { return expected; }

    /**
     * The same blob resumed: {@code rest} yields the bytes from {@link #count()} on, and the returned stream goes on
     * hashing from where this one stopped, so the digest and size are still checked over the whole blob.
     */
    public VerifyingInputStream continueWith(InputStream rest) {
        try {
            return new VerifyingInputStream(rest, expected, expectedSize, what, (MessageDigest) md.clone(), count);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(expected.algorithm() + " digests cannot be resumed", e);
        }
    }

    @Override public int read() throws IOException {
        byte[] b = new byte[1];
        int n = read(b, 0, 1);
        return n < 0 ? -1 : b[0] & 0xff;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            verify();
            return -1;
        }
        md.update(b, off, n);
        count += n;
        if (expectedSize >= 0 && count > expectedSize) {
            throw new CartiException(CartiException.Kind.INTEGRITY, what + ": more than the " + expectedSize + " bytes its descriptor declares");
        }
        return n;
    }

    @Override public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 65536)];
        int r = read(buf, 0, buf.length);
        return Math.max(r, 0);
    }

    @Override public boolean markSupported() { return false; }

    /** Reads whatever is left, so that the check runs even when the consumer stopped early. */
    public void drainAndVerify() throws IOException {
        byte[] buf = new byte[65536];
        while (read(buf, 0, buf.length) >= 0) { /* hashing */ }
    }

    private void verify() {
        if (verified) return;
        verified = true;
        if (expectedSize >= 0 && count != expectedSize) {
            throw new CartiException(CartiException.Kind.INTEGRITY, what + ": size mismatch (expected " + expectedSize + " bytes, got " + count + ")");
        }
        Digest actual = Digest.of(expected.algorithm(), md.digest());
        if (!actual.equals(expected)) {
            throw new CartiException(CartiException.Kind.INTEGRITY, what + ": digest mismatch (expected " + expected + ", got " + actual + ")");
        }
    }
}
