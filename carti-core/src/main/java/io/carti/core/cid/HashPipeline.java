package io.carti.core.cid;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Feeds a byte source through a {@link CidHasher}, optionally writing every chunk to a sink, with the reading and
 * the writing done by background threads. Hashing is the slow stage (~400 MB/s); reading a cached file costs
 * another ~5 % and writing the copy into the store 30–80 % on top, so overlapping them makes "hash a file" and
 * "hash while copying it into the store" both cost about one hash on a machine with two cores.
 * <p>
 * The sink receives exactly the buffers that were hashed (a buffer is never refilled before it is written), so a
 * source that changes under us can never produce a stored file whose bytes differ from its CID. Memory is
 * constant: {@value #DEPTH} buffers of {@link CidHasher#CHUNK} bytes. Inputs that fit in one chunk are processed on
 * the calling thread without starting any thread.
 */
public final class HashPipeline {
    /** Reads up to {@code len} bytes; -1 at the end (like {@link InputStream#read(byte[], int, int)}). */
    @FunctionalInterface
    public interface Source {
        int read(byte[] b, int off, int len) throws IOException;
    }

    @FunctionalInterface
    public interface Sink {
        void write(byte[] b, int off, int len) throws IOException;
    }

    /** Writes a whole byte stream (on the pipeline's reading thread; the stream needs no closing). */
    @FunctionalInterface
    public interface Producer {
        void writeTo(OutputStream out) throws IOException;
    }

    static final int DEPTH = 4;
    private static final Chunk END = new Chunk(0);

    private final Source source;
    private final Producer producer;
    private final Sink sink;
    private final CidHasher hasher;
    private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(DEPTH);
    private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(DEPTH + 1);
    private final BlockingQueue<Chunk> toWrite = new ArrayBlockingQueue<>(DEPTH + 1);
    private volatile Throwable failure;

    private HashPipeline(Source source, Producer producer, Sink sink, CidHasher hasher) {
        this.source = source;
        this.producer = producer;
        this.sink = sink;
        this.hasher = hasher;
    }

    public static Source source(InputStream in) { return in::read; }

    public static Source source(ReadableByteChannel ch) {
        return (b, off, len) -> ch.read(ByteBuffer.wrap(b, off, len));
    }

    public static Sink sink(WritableByteChannel ch) {
        return (b, off, len) -> {
            ByteBuffer bb = ByteBuffer.wrap(b, off, len);
            while (bb.hasRemaining()) ch.write(bb);
        };
    }

    /** Hashes everything {@code source} yields into {@code hasher}; {@code sink} (may be null) gets the same bytes. */
    public static void run(Source source, CidHasher hasher, Sink sink) throws IOException {
        new HashPipeline(source, null, sink, hasher).run();
    }

    /**
     * Hashes everything {@code producer} writes into {@code hasher}; {@code sink} (may be null) gets the same bytes.
     * The producer runs on a background thread, so producing, hashing and writing overlap.
     */
    public static void run(Producer producer, CidHasher hasher, Sink sink) throws IOException {
        new HashPipeline(null, producer, sink, hasher).run();
    }

    private void run() throws IOException {
        if (producer != null) {
            for (int i = 0; i < DEPTH; i++) free.add(new Chunk(CidHasher.CHUNK));
        } else {
            Chunk first = new Chunk(CidHasher.CHUNK);
            first.fill(source);
            hasher.update(first.buf, 0, first.length);
            if (first.length < first.buf.length) { // everything fit in one chunk: no threads needed
                if (sink != null && first.length > 0) sink.write(first.buf, 0, first.length);
                return;
            }
            for (int i = 1; i < DEPTH; i++) free.add(new Chunk(CidHasher.CHUNK));
            (sink == null ? free : toWrite).add(first);
        }
        Thread reader = start("carti-hash-read", producer != null ? this::produceAll : this::readAll);
        Thread writer = sink == null ? null : start("carti-hash-write", this::writeAll);
        boolean done = false;
        try {
            while (true) {
                Chunk c = next(filled);
                if (c == END) break;
                hasher.update(c.buf, 0, c.length);
                (sink == null ? free : toWrite).add(c);
            }
            if (writer != null) {
                toWrite.add(END);
                while (writer.isAlive()) {
                    writer.join(50);
                    rethrowFailure();
                }
            }
            rethrowFailure();
            done = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        } finally {
            if (!done) { // stop the helpers; they only block on our queues or on the source/sink
                reader.interrupt();
                if (writer != null) writer.interrupt();
            }
        }
    }

    /** Waits for the next chunk, failing as soon as a helper thread has failed. */
    private Chunk next(BlockingQueue<Chunk> q) throws InterruptedException, IOException {
        while (true) {
            Chunk c = q.poll(50, TimeUnit.MILLISECONDS);
            rethrowFailure();
            if (c != null) return c;
        }
    }

    private void readAll() {
        try {
            while (true) {
                Chunk c = free.take();
                c.fill(source);
                if (c.length > 0) filled.put(c);
                if (c.length < c.buf.length) {
                    filled.put(END);
                    return;
                }
            }
        } catch (InterruptedException e) {
            // aborted by the hashing thread
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** The producer's bytes, cut into chunks as they come. */
    private void produceAll() {
        try {
            ChunkStream out = new ChunkStream();
            producer.writeTo(out);
            out.end();
        } catch (InterruptedIOException e) {
            // aborted by the hashing thread
        } catch (Throwable t) {
            failure = t;
        }
    }

    private final class ChunkStream extends OutputStream {
        private Chunk current;

        @Override public void write(int b) throws IOException { write(new byte[] {(byte) b}, 0, 1); }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (current == null) {
                    current = take(free);
                    current.length = 0;
                }
                int n = Math.min(len, current.buf.length - current.length);
                System.arraycopy(b, off, current.buf, current.length, n);
                current.length += n;
                off += n;
                len -= n;
                if (current.length == current.buf.length) {
                    put(current);
                    current = null;
                }
            }
        }

        void end() throws IOException {
            if (current != null && current.length > 0) put(current);
            put(END);
        }

        private void put(Chunk c) throws InterruptedIOException {
            try {
                filled.put(c);
            } catch (InterruptedException e) {
                throw new InterruptedIOException();
            }
        }

        private Chunk take(BlockingQueue<Chunk> q) throws InterruptedIOException {
            try {
                return q.take();
            } catch (InterruptedException e) {
                throw new InterruptedIOException();
            }
        }
    }

    private void writeAll() {
        try {
            while (true) {
                Chunk c = toWrite.take();
                if (c == END) return;
                sink.write(c.buf, 0, c.length);
                free.put(c);
            }
        } catch (InterruptedException e) {
            // aborted by the hashing thread
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void rethrowFailure() throws IOException {
        Throwable t = failure;
        if (t == null) return;
        if (t instanceof IOException io) throw io;
        if (t instanceof UncheckedIOException u) throw u.getCause();
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
        throw new IOException(t);
    }

    private static Thread start(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static final class Chunk {
        final byte[] buf;
        int length;

        Chunk(int size) { buf = new byte[size]; }

        /** Reads until the buffer is full or the source ends (so only the last chunk is short). */
        void fill(Source source) throws IOException {
            length = 0;
            while (length < buf.length) {
                int n = source.read(buf, length, buf.length - length);
                if (n < 0) break;
                length += n;
            }
        }
    }
}
