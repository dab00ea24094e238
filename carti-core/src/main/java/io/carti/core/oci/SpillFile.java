package io.carti.core.oci;

import io.carti.core.drive.FileTree;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where the flattener keeps file contents while the tree is built: one append-only temporary file, written
 * through a large buffer, each file a byte range of it. Compared with a temporary file per entry this saves a
 * create, an open and an unlink per file, and its writes are large. Data of entries hidden by later layers stays
 * in it until it is closed (it is bounded by the import's size limit anyway).
 */
final class SpillFile implements Closeable {
    private static final int BUFFER = 1 << 20;
    private final Path file;
    private final OutputStream out;
    private final FileChannel reader;
    private long length;
    private boolean dirty;

    SpillFile(Path dir) throws IOException {
        file = Files.createTempFile(dir, "layers-", ".spill");
        out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.WRITE), BUFFER);
        reader = FileChannel.open(file, StandardOpenOption.READ);
    }

    /** Appends everything {@code in} yields and returns it as a content source of that many bytes. */
    Range append(InputStream in, byte[] buf) throws IOException {
        long start = length;
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            length += n;
        }
        dirty = true;
        return new Range(start, length - start);
    }

    /** A stored file's bytes: {@link #open()} reads them with positional reads, so any number may be open at once. */
    final class Range implements FileTree.ContentSource {
        final long offset;
        final long size;

        Range(long offset, long size) {
            this.offset = offset;
            this.size = size;
        }

        @Override public InputStream open() throws IOException {
            flush();
            return new RangeStream(offset, size);
        }
    }

    private synchronized void flush() throws IOException {
        if (dirty) {
            out.flush();
            dirty = false;
        }
    }

    private final class RangeStream extends InputStream {
        private long pos;
        private final long end;

        RangeStream(long offset, long size) {
            this.pos = offset;
            this.end = offset + size;
        }

        @Override public int read() throws IOException {
            byte[] b = new byte[1];
            return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= end) return -1;
            int n = reader.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - pos)), pos);
            if (n < 0) throw new IOException("temporary file " + file + " is shorter than expected");
            pos += n;
            return n;
        }
    }

    /** Closes and deletes the file. */
    @Override public void close() throws IOException {
        try (reader; out) {
            Files.deleteIfExists(file);
        }
    }
}
