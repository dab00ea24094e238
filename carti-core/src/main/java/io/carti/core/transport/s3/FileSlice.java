package io.carti.core.transport.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads {@code length} bytes of a file from {@code offset}: one upload part, streamed, never held in memory. */
final class FileSlice extends InputStream {
    private final FileChannel ch;
    private long pos;
    private final long end;

    FileSlice(Path file, long offset, long length) throws IOException {
        this.ch = FileChannel.open(file, StandardOpenOption.READ);
        this.pos = offset;
        this.end = offset + length;
    }

    @Override public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (pos >= end) return -1;
        int n = ch.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - pos)), pos);
        if (n < 0) throw new IOException("file shrank while it was uploaded");
        pos += n;
        return n;
    }

    @Override public int available() { return (int) Math.min(Integer.MAX_VALUE, end - pos); }

    @Override public void close() throws IOException { ch.close(); }
}
