package io.carti.core.drive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Writes an {@link Ext2Writer} image with its all-zero blocks left as holes, so tests of multi-GiB files or mostly
 * free images cost neither the disk nor the time of writing zeros (e2fsck and debugfs read holes as zeros).
 */
final class SparseImages {
    private static final int B = Ext2Writer.BLOCK;
    private static final byte[] ZERO = new byte[B];

    private SparseImages() {}

    /** Writes {@code w}'s image to {@code out} (created) sparsely; returns {@code out}. */
    static Path write(Ext2Writer w, Path out) throws IOException {
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long[] pos = {0};
            w.write(new OutputStream() {
                @Override public void write(int b) throws IOException { write(new byte[] {(byte) b}, 0, 1); }

                @Override public void write(byte[] b, int off, int len) throws IOException {
                    if (len != B || Arrays.mismatch(b, off, off + len, ZERO, 0, B) >= 0) {
                        ByteBuffer bb = ByteBuffer.wrap(b, off, len);
                        long at = pos[0];
                        while (bb.hasRemaining()) at += ch.write(bb, at);
                    }
                    pos[0] += len;
                }
            });
            if (pos[0] != w.bytes()) throw new AssertionError("wrote " + pos[0] + " bytes, planned " + w.bytes());
            if (ch.size() < pos[0]) ch.write(ByteBuffer.allocate(1), pos[0] - 1); // the last block was a hole: set the length
        }
        return out;
    }
}
