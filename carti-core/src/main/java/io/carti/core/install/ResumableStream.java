package io.carti.core.install;

import io.carti.core.bundle.Bundle;
import io.carti.core.transport.BundleSource;
import io.carti.core.transport.KnownLength;
import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of one source uri as one continuous stream, whatever the network does: a transient failure (reset,
 * short body, timeout, 5xx) reopens the source at the current offset ({@code Range}) after a backoff, up to
 * {@link NetConfig#retries()} times. The reader (the store, hashing as it copies) never sees the gap, so every
 * byte is still hashed exactly once.
 */
final class ResumableStream extends InputStream {
    private final BundleSource source;
    private final String uri;
    private final Bundle bundle;
    private final NetConfig net;
    private final ProgressListener progress;
    private final String id;
    private InputStream in;
    private long position;
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
        ResumableStream s = new ResumableStream(source, uri, bundle, net, progress, id);
        s.reopen(null);
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
                in = source.open(uri, bundle, position);
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
                    progress.advanced(id, n);
                }
                return n;
            } catch (IOException e) {
                closeQuietly();
                reopen(e);
            }
        }
    }

    long position() { return position; }

    /** Bytes still to come according to the source (-1 when it cannot tell). */
    long remainingBytes() { return in instanceof KnownLength k ? k.remainingBytes() : -1; }

    private void closeQuietly() {
        try { in.close(); } catch (IOException | RuntimeException ignored) { /* already broken */ }
    }

    @Override public void close() throws IOException { in.close(); }
}
