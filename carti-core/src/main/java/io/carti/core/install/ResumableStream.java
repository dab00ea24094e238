package io.carti.core.install;

import io.carti.core.bundle.Bundle;
import io.carti.core.transport.BundleSource;
import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of one source uri as one continuous stream, whatever the network does: a transient failure (reset,
 * short body, timeout, 5xx) reopens the source at the current offset ({@code Range}) after a backoff, up to
 * {@link NetConfig#retries()} times. The reader (the store, hashing as it copies) never sees the gap, so every
 * byte is still hashed exactly once.
 * <p>
 * The stream may start past byte 0 (continuing a partial download of an earlier run): {@link #start()} says where
 * the source's bytes really begin, which is 0 when the source sent everything again.
 */
final class ResumableStream extends InputStream {
    /** Progress is reported in steps of this many bytes: a call per 8 KiB socket read would contend across jobs. */
    private static final int REPORT_STEP = 256 << 10;
    private final BundleSource source;
    private final String uri;
    private final Bundle bundle;
    private final NetConfig net;
    private final ProgressListener progress;
    private final String id;
    private InputStream in;
    private long start;
    private String validator;
    private long totalLength = -1;
    private long position;
    private long unreported;
    private int retriesUsed;

    private ResumableStream(BundleSource source, String uri, Bundle bundle, NetConfig net, ProgressListener progress, String id) {
        this.source = source;
        this.uri = uri;
        this.bundle = bundle;
        this.net = net;
        this.progress = progress;
        this.id = id;
    }

    /** Opens {@code uri} (retrying transient failures) and returns the stream. */
    static ResumableStream open(BundleSource source, String uri, Bundle bundle, NetConfig net, ProgressListener progress, String id)
            throws IOException {
        return open(source, uri, bundle, net, progress, id, 0, null);
    }

    /**
     * Opens {@code uri} at {@code offset}, sending {@code ifRange} (the validator of the bytes before it) so a
     * changed source answers from byte 0; see {@link #start()}.
     */
    static ResumableStream open(BundleSource source, String uri, Bundle bundle, NetConfig net, ProgressListener progress, String id,
            long offset, String ifRange) throws IOException {
        ResumableStream s = new ResumableStream(source, uri, bundle, net, progress, id);
        s.position = offset;
        s.validator = ifRange;
        s.reopen(null);
        s.start = s.position;
        return s;
    }

    private void reopen(IOException cause) throws IOException {
        IOException last = cause;
        while (true) {
            if (last != null) {
                if (!Retry.isTransient(last) || retriesUsed >= net.retries()) throw last;
                retriesUsed++;
                progress.note("retrying " + uri + " at byte " + position + " (attempt " + (retriesUsed + 1) + "): " + Retry.describe(last));
                Retry.sleep(net, retriesUsed);
            }
            try {
                BundleSource.Opened o = source.openFrom(uri, bundle, position, validator);
                in = o.stream();
                if (o.validator() != null) validator = o.validator();
                if (o.totalLength() >= 0) totalLength = o.totalLength();
                if (o.start() != position) {
                    if (cause == null) {
                        position = o.start(); // first open: the caller learns it from start()
                    } else {
                        in.skipNBytes(position - o.start()); // mid-run: the bytes before are already hashed
                    }
                }
                return;
            } catch (UnsupportedOperationException e) {
                if (cause != null) throw cause; // the source cannot resume: report the interruption itself
                throw e;
            } catch (IOException e) {
                last = e;
            }
        }
    }

    @Override public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        while (true) {
            try {
                int n = in.read(b, off, len);
                if (n > 0) {
                    position += n;
                    unreported += n;
                    if (unreported >= REPORT_STEP) flushProgress();
                } else {
                    flushProgress();
                }
                return n;
            } catch (IOException e) {
                closeQuietly();
                reopen(e);
            }
        }
    }

    private void flushProgress() {
        if (unreported > 0) progress.advanced(id, unreported);
        unreported = 0;
    }

    /** The offset of the first byte this stream delivered. */
    long start() { return start; }

    long position() { return position; }

    /** The source's validator for this content (ETag or Last-Modified), or null. */
    String validator() { return validator; }

    /** The content's full length, or -1 when the source does not say. */
    long totalLength() { return totalLength; }

    private void closeQuietly() {
        try { in.close(); } catch (IOException | RuntimeException ignored) { /* already broken */ }
    }

    @Override public void close() throws IOException {
        flushProgress();
        in.close();
    }
}
