package io.carti.core.drive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * An inode's classic ext2 block map: 12 direct pointers, then single, double and triple indirect blocks.
 * Maps a logical block of the file to a physical block of the image (0 is a hole). {@link #validate} walks
 * the whole map once and refuses pointers past the end of the image and indirect blocks used twice (a loop).
 */
final class BlockMap {
    private static final int DIRECT = 12;
    private final Path image;
    private final Ext2Reader.Geometry geo;
    private final long[] pointers;
    private final long size;
    private final String path;
    private final int perBlock;
    // one cached indirect block per level: sequential reads touch each indirect block once
    private final long[] cachedBlock = {-1, -1, -1};
    private final long[][] cachedEntries = new long[3][];

    BlockMap(Path image, Ext2Reader.Geometry geo, long[] pointers, long size, String path) {
        this.image = image;
        this.geo = geo;
        this.pointers = pointers;
        this.size = size;
        this.path = path;
        this.perBlock = geo.pointersPerBlock();
    }

    long size() { return size; }

    int blockSize() { return geo.blockSize(); }

    long logicalBlocks() { return (size + geo.blockSize() - 1) / geo.blockSize(); }

    /** The physical block holding logical block {@code n}, or 0 for a hole. */
    long physical(FileChannel ch, long n) throws IOException {
        if (n < DIRECT) return pointers[(int) n];
        n -= DIRECT;
        long p = perBlock;
        if (n < p) return lookup(ch, pointers[12], 0, n);
        n -= p;
        if (n < p * p) {
            long ind = lookup(ch, pointers[13], 0, n / p);
            return lookup(ch, ind, 1, n % p);
        }
        n -= p * p;
        long dind = lookup(ch, pointers[14], 0, n / (p * p));
        long ind = lookup(ch, dind, 1, (n / p) % p);
        return lookup(ch, ind, 2, n % p);
    }

    private long lookup(FileChannel ch, long block, int level, long index) throws IOException {
        if (block == 0) return 0;
        if (cachedBlock[level] != block) {
            cachedEntries[level] = entries(ch, block);
            cachedBlock[level] = block;
        }
        return cachedEntries[level][(int) index];
    }

    private long[] entries(FileChannel ch, long block) throws IOException {
        checkInRange(block);
        ByteBuffer b = Ext2Reader.readAt(ch, block * geo.blockSize(), geo.blockSize());
        long[] e = new long[perBlock];
        for (int i = 0; i < perBlock; i++) e[i] = Ext2Reader.u32(b, 4 * i);
        return e;
    }

    private void checkInRange(long block) {
        if (block < geo.firstDataBlock() || block >= geo.blocksCount()) {
            throw Ext2Reader.bad(image, "'" + path + "' points to block " + block + ", past the end of the image ("
                    + geo.blocksCount() + " blocks)");
        }
    }

    /** Walks every pointer the file's size needs; throws on a pointer out of range or an indirect loop. */
    void validate(FileChannel ch) throws IOException {
        long maxBlocks = DIRECT + (long) perBlock + (long) perBlock * perBlock + (long) perBlock * perBlock * perBlock;
        long need = logicalBlocks();
        if (need > maxBlocks) throw Ext2Reader.bad(image, "'" + path + "' is larger than an ext2 block map can address");
        Set<Long> indirect = new HashSet<>();
        for (int i = 0; i < DIRECT && i < need; i++) if (pointers[i] != 0) checkInRange(pointers[i]);
        long start = DIRECT;
        long span = perBlock;
        for (int depth = 1; depth <= 3; depth++) {
            if (start >= need) break;
            walk(ch, pointers[11 + depth], depth, start, need, indirect);
            start += span;
            span *= perBlock;
        }
    }

    private void walk(FileChannel ch, long block, int depth, long start, long need, Set<Long> indirect) throws IOException {
        if (block == 0) return;
        checkInRange(block);
        if (!indirect.add(block)) {
            throw Ext2Reader.bad(image, "the block map of '" + path + "' loops: indirect block " + block + " is used twice");
        }
        long[] e = entries(ch, block);
        long childSpan = 1;
        for (int i = 1; i < depth; i++) childSpan *= perBlock;
        for (int i = 0; i < perBlock; i++) {
            long childStart = start + i * childSpan;
            if (childStart >= need) break;
            if (depth == 1) {
                if (e[i] != 0) checkInRange(e[i]);
            } else {
                walk(ch, e[i], depth - 1, childStart, need, indirect);
            }
        }
    }
}
