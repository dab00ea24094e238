package io.carti.core.drive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A file's bytes read from an ext2 image through its {@link BlockMap}; holes read as zeros. Runs of
 * consecutive physical blocks are read with one call.
 */
final class Ext2FileStream extends InputStream {
    private static final int MAX_RUN = 256 << 10;
    private final FileChannel ch;
    private final boolean ownsChannel;
    private final BlockMap map;
    private long pos;

    /** Opens the image itself (used for lazy file contents, possibly long after the reader is closed). */
    Ext2FileStream(Path image, BlockMap map) throws IOException {
        this(FileChannel.open(image, StandardOpenOption.READ), true, map);
    }

    Ext2FileStream(FileChannel ch, BlockMap map) {
        this(ch, false, map);
    }

    private Ext2FileStream(FileChannel ch, boolean owns, BlockMap map) {
        this.ch = ch;
        this.ownsChannel = owns;
        this.map = map;
    }

    @Override public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (pos >= map.size()) return -1;
        int bs = map.blockSize();
        long logical = pos / bs;
        int inBlock = (int) (pos % bs);
        long want = Math.min(Math.min(len, MAX_RUN), map.size() - pos);
        long phys = map.physical(ch, logical);
        // extend the run while the next logical blocks follow physically (or are all holes)
        long runBytes = bs - inBlock;
        long next = logical + 1;
        while (runBytes < want) {
            long p = map.physical(ch, next);
            if (phys == 0 ? p != 0 : p != phys + (next - logical)) break;
            runBytes += bs;
            next++;
        }
        int n = (int) Math.min(want, runBytes);
        if (phys == 0) {
            Arrays.fill(b, off, off + n, (byte) 0);
        } else {
            ByteBuffer bb = ByteBuffer.wrap(b, off, n);
            long at = phys * bs + inBlock;
            while (bb.hasRemaining()) {
                int r = ch.read(bb, at + (bb.position() - off));
                if (r < 0) throw new IOException("unexpected end of image reading a file");
            }
        }
        pos += n;
        return n;
    }

    @Override public long skip(long n) {
        long k = Math.max(0, Math.min(n, map.size() - pos));
        pos += k;
        return k;
    }

    @Override public void close() throws IOException {
        if (ownsChannel) ch.close();
    }
}
