package io.carti.core.oci;

import io.carti.core.CartiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Runs a stream's producing work (reading a blob, checking its digests, inflating it) on a background thread, so
 * it overlaps with the consumer's work (parsing the tar, writing files) on another core. Memory is
 * constant: {@value #DEPTH} chunks of {@value #CHUNK} bytes. An error of the producer is rethrown by the
 * consumer's next read, as it was thrown; closing stops the producer and closes its stream.
 */
final class ReadAheadStream extends InputStream {
    static final int CHUNK = 1 << 18;
    static final int DEPTH = 4;

    private record Chunk(byte[] buf, int length, Throwable failure) {}

    private static final Chunk END = new Chunk(new byte[0], 0, null);

    private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(DEPTH);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(DEPTH + 1);
    private final Thread producer;
    private Chunk current;
    private int pos;
    private boolean ended;

    /** Starts reading {@code source} on a new thread; the stream is closed when it ends, fails or this is closed. */
    ReadAheadStream(InputStream source, String name) {
        for (int i = 0; i <= DEPTH; i++) free.add(new byte[CHUNK]);
        producer = new Thread(() -> produce(source), name);
        producer.setDaemon(true);
        producer.start();
    }

    private void produce(InputStream source) {
        try (InputStream in = source) {
            while (true) {
                byte[] buf = free.take();
                int n = in.readNBytes(buf, 0, buf.length);
                if (n > 0) filled.put(new Chunk(buf, n, null));
                if (n < buf.length) break;
            }
            filled.put(END);
        } catch (InterruptedException e) {
            // closed by the consumer
        } catch (Throwable t) {
            try {
                filled.put(new Chunk(null, 0, t));
            } catch (InterruptedException ignored) { /* closed by the consumer */ }
        }
    }

    @Override public int read() throws IOException {
        byte[] b = new byte[1];
        return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (!next()) return -1;
        int n = Math.min(len, current.length() - pos);
        System.arraycopy(current.buf(), pos, b, off, n);
        pos += n;
        return n;
    }

    /** Makes {@code current} hold unread bytes; false at the end. */
    private boolean next() throws IOException {
        if (ended) return false;
        if (current != null && pos < current.length()) return true;
        if (current != null) free.add(current.buf());
        current = null;
        Chunk c;
        try {
            c = filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading ahead");
        }
        if (c.failure() != null) {
            ended = true;
            throw rethrow(c.failure());
        }
        if (c == END) {
            ended = true;
            return false;
        }
        current = c;
        pos = 0;
        return true;
    }

    private static IOException rethrow(Throwable t) {
        if (t instanceof IOException io) return io;
        if (t instanceof UncheckedIOException u) return u.getCause();
        if (t instanceof CartiException c) throw c;
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
        return new IOException(t);
    }

    /**
     * Stops the producer (it may be blocked on our queues or on an interruptible read) without waiting for it: it
     * only reads, and a read blocked on a socket ends with the client's timeout.
     */
    @Override public void close() {
        ended = true;
        producer.interrupt();
    }
}
