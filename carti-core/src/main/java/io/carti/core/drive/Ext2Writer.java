package io.carti.core.drive;

import io.carti.core.CartiException;
import io.carti.core.cid.Cid;
import io.carti.core.cid.CidHasher;
import io.carti.core.cid.HashPipeline;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an ext2 image of a {@link FileTree} in one sequential pass, without genext2fs: the layout (groups,
 * inodes, every block's place) is planned first from the tree's metadata, then the image is produced from
 * block 0 to the last, each file read once, in order. So it can be hashed while it is written ({@link #writeHashed})
 * and needs no random access to the output, and its memory is a few arrays per inode whatever the image size.
 * <p>
 * The result is a pure function of the tree and the size: revision 1, 4 KiB blocks, 128-byte inodes, no UUID,
 * times 0, a superblock and descriptor copy in every group (no sparse_super, as genext2fs), the {@code filetype}
 * feature, and {@code large_file} only when a file needs it. Inodes are numbered and blocks allocated in the
 * tree's canonical order: the root is inode 2, the others follow from 11; each directory, file or long symlink
 * takes the next free blocks, its indirect blocks just before the data they map (as the kernel lays them out).
 * There is no lost+found (as with genext2fs); e2fsck finds the images clean.
 * <pre>{@code
 *   Ext2Writer w = Ext2Writer.plan(tree, null);   // null: the contents plus 5% or 1 MiB of free space
 *   Cid cid = w.writeHashed(out);                  // the image file and its carti CID, in one pass
 * }</pre>
 */
public final class Ext2Writer {
    /** Names the layout rules above; bump it whenever they change, since the images (and their CIDs) change too. */
    public static final String FORMAT = "ext2 layout 1";
    static final int BLOCK = 4096;
    private static final int INODE_SIZE = 128;
    private static final int INODES_PER_BLOCK = BLOCK / INODE_SIZE;
    private static final int BITS_PER_BLOCK = 8 * BLOCK;
    private static final int FIRST_INODE = 11;
    private static final int ROOT_INODE = 2;
    private static final int PTRS = BLOCK / 4;
    private static final long MIN_HEADROOM = (1 << 20) / BLOCK;
    private static final int FEATURE_INCOMPAT_FILETYPE = 0x2;
    private static final int FEATURE_RO_COMPAT_LARGE_FILE = 0x2;

    /** Where the groups are and how big; {@link #dataPerGroup} blocks of each group follow its metadata. */
    record Geometry(long blocks, int groups, long blocksPerGroup, int inodesPerGroup, int gdtBlocks) {
        int inodeTableBlocks() { return inodesPerGroup / INODES_PER_BLOCK; }

        /** superblock copy, descriptors, block bitmap, inode bitmap, inode table */
        long metaPerGroup() { return 1 + gdtBlocks + 2 + inodeTableBlocks(); }

        long dataPerGroup() { return blocksPerGroup - metaPerGroup(); }

        long groupBlocks(int g) { return Math.min(blocksPerGroup, blocks - g * blocksPerGroup); }

        long dataCapacity() { return blocks - groups * metaPerGroup(); }

        long inodes() { return (long) groups * inodesPerGroup; }

        /** The block number of data-area block {@code s} (data areas of all groups, in order). */
        long physical(long s) { return s / dataPerGroup() * blocksPerGroup + metaPerGroup() + s % dataPerGroup(); }

        /** The layout for {@code blocks} blocks and at least {@code inodes} inodes, or null when the metadata alone does not fit. */
        static Geometry of(long blocks, long inodes) {
            int groups = (int) Math.max(ceil(blocks, BITS_PER_BLOCK), ceil(inodes, BITS_PER_BLOCK));
            long bpg = roundUp(ceil(blocks, groups), 8); // balanced groups: the last one is never a sliver
            int ipg = (int) roundUp(ceil(inodes, groups), INODES_PER_BLOCK);
            int gdt = (int) ceil(groups * 32L, BLOCK);
            Geometry g = new Geometry(blocks, groups, bpg, ipg, gdt);
            return g.groupBlocks(groups - 1) <= g.metaPerGroup() ? null : g;
        }
    }

    private final Geometry geo;
    /** Per inode number (index 0 unused): the entry whose metadata it holds, its data-area start and block count. */
    private final FileTree.Node[] nodeOf;
    private final long[] start;
    private final long[] slots;
    private final int[] links;
    private final Map<String, Integer> inodeOf;
    private final Map<String, List<FileTree.Node>> children;
    private final int lastInode;
    private final long usedSlots;
    private final boolean largeFile;

    private Ext2Writer(Geometry geo, Plan p) {
        this.geo = geo;
        this.nodeOf = p.nodeOf;
        this.start = p.start;
        this.slots = p.slots;
        this.links = p.links;
        this.inodeOf = p.inodeOf;
        this.children = p.children;
        this.lastInode = p.lastInode;
        this.usedSlots = p.usedSlots;
        this.largeFile = p.largeFile;
    }

    /**
     * Plans the image of {@code tree}.
     *
     * @param sizeBytes the image size (a positive multiple of 4096), or null for the contents plus 5% of the data or
     *                  1 MiB of free space, whichever is larger
     */
    public static Ext2Writer plan(FileTree tree, Long sizeBytes) {
        Plan p = new Plan(tree);
        long inodes = p.lastInode + Math.max(16, (p.lastInode - FIRST_INODE + 1) / 10);
        Geometry geo;
        if (sizeBytes == null) {
            geo = fitting(p.usedSlots + Math.max(MIN_HEADROOM, p.usedSlots / 20), inodes);
        } else {
            if (sizeBytes <= 0 || sizeBytes % BLOCK != 0) {
                throw new CartiException(CartiException.Kind.INVALID_INPUT, "the drive size must be a positive multiple of 4096 bytes, not " + sizeBytes);
            }
            geo = Geometry.of(sizeBytes / BLOCK, inodes);
            if (geo == null || geo.dataCapacity() < p.usedSlots) {
                long min = fitting(p.usedSlots, inodes).blocks() * BLOCK;
                throw new CartiException(CartiException.Kind.INVALID_INPUT, "the requested size " + sizeBytes
                        + " bytes is too small: the contents need at least " + min + " bytes");
            }
        }
        if (geo.inodes() > 0xFFFFFFFFL) throw new CartiException(CartiException.Kind.INVALID_INPUT, "the tree has too many entries for ext2");
        return new Ext2Writer(geo, p);
    }

    /** The smallest layout with {@code dataBlocks} blocks of data area and {@code inodes} inodes. */
    private static Geometry fitting(long dataBlocks, long inodes) {
        long blocks = dataBlocks + 5; // the least metadata: superblock, descriptors, two bitmaps, an inode table block
        while (true) {
            Geometry g = Geometry.of(blocks, inodes);
            if (g != null && g.dataCapacity() >= dataBlocks) return g;
            // a block adds at most one block of data area, so stepping by the shortfall never passes the smallest fit
            blocks = g == null ? blocks + 1 : blocks + (dataBlocks - g.dataCapacity());
        }
    }

    public long bytes() { return geo.blocks() * BLOCK; }

    public long blocks() { return geo.blocks(); }

    public long inodes() { return geo.inodes(); }

    /** Writes {@code out} (created or replaced) and returns the image's CID, hashed on the way (one pass). */
    public Cid writeHashed(Path out) throws IOException {
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            CidHasher hasher = new CidHasher();
            HashPipeline.run(this::write, hasher, HashPipeline.sink(ch));
            return hasher.finish();
        }
    }

    /** Writes the whole image to {@code out}, block 0 first (the stream is not closed). */
    public void write(OutputStream out) throws IOException {
        new Emitter(out).run();
    }

    // ---------------------------------------------------------------- planning

    /** Inode numbers, block counts and data-area positions, in canonical order. */
    private static final class Plan {
        final FileTree.Node[] nodeOf;
        final long[] start;
        final long[] slots;
        final int[] links;
        final Map<String, Integer> inodeOf = new HashMap<>();
        final Map<String, List<FileTree.Node>> children = new HashMap<>();
        final int lastInode;
        final long usedSlots;
        final boolean largeFile;

        Plan(FileTree tree) {
            int count = 0;
            for (FileTree.Node n : tree.nodes()) {
                if (!n.path().isEmpty()) {
                    children.computeIfAbsent(n.parent(), k -> new ArrayList<>()).add(n);
                    if (n.type() != FileTree.Type.HARDLINK) count++;
                }
            }
            if ((long) count + FIRST_INODE > Integer.MAX_VALUE) throw new CartiException(CartiException.Kind.INVALID_INPUT, "the tree has too many entries for ext2");
            lastInode = FIRST_INODE - 1 + count;
            nodeOf = new FileTree.Node[lastInode + 1];
            start = new long[lastInode + 1];
            slots = new long[lastInode + 1];
            links = new int[lastInode + 1];
            int next = FIRST_INODE;
            for (FileTree.Node n : tree.nodes()) {
                if (n.type() == FileTree.Type.HARDLINK) continue;
                int ino = n.path().isEmpty() ? ROOT_INODE : next++;
                inodeOf.put(n.path(), ino);
                nodeOf[ino] = n;
                links[ino] = n.type() == FileTree.Type.DIR ? 2 : 1;
            }
            boolean large = false;
            long s = 0;
            for (FileTree.Node n : tree.nodes()) {
                checkName(n);
                checkDevice(n);
                if (n.type() == FileTree.Type.HARDLINK) {
                    Integer target = inodeOf.get(n.linkTarget());
                    if (target == null || nodeOf[target].type() != FileTree.Type.FILE) {
                        throw new CartiException(CartiException.Kind.INVALID_INPUT, "hard link '" + n.path() + "' from " + n.origin()
                                + " points to '" + n.linkTarget() + "', which is not a regular file in the tree");
                    }
                    if (++links[target] > 65000) throw new CartiException(CartiException.Kind.INVALID_INPUT, "'" + n.linkTarget() + "' has too many hard links for ext2");
                    continue;
                }
                int ino = inodeOf.get(n.path());
                if (n.type() == FileTree.Type.DIR && !n.path().isEmpty()) {
                    int parent = inodeOf.get(n.parent());
                    if (++links[parent] > 65000) throw new CartiException(CartiException.Kind.INVALID_INPUT, "directory '" + n.parent() + "' has too many subdirectories for ext2");
                }
                long data = switch (n.type()) {
                    case FILE -> ceil(n.size(), BLOCK);
                    case DIR -> directoryBlocks(children.getOrDefault(n.path(), List.of()));
                    case SYMLINK -> symlinkBytes(n).length < 60 ? 0 : 1;
                    default -> 0;
                };
                if (n.type() == FileTree.Type.FILE && n.size() > Integer.MAX_VALUE) large = true;
                start[ino] = s;
                slots[ino] = Ext2ImageBuilder.withIndirect(data);
                s += slots[ino];
            }
            usedSlots = s;
            largeFile = large;
        }
    }

    private static void checkName(FileTree.Node n) {
        if (n.path().isEmpty()) return;
        if (n.name().getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, "'" + n.path() + "' from " + n.origin() + ": a name is limited to 255 bytes in ext2");
        }
    }

    /** Linux's dev_t holds a 12-bit major and a 20-bit minor; ext2's encoding has room for no more. */
    private static void checkDevice(FileTree.Node n) {
        if (n.type() != FileTree.Type.CHAR_DEVICE && n.type() != FileTree.Type.BLOCK_DEVICE) return;
        if (n.devMajor() < 0 || n.devMajor() > 0xFFF || n.devMinor() < 0 || n.devMinor() > 0xFFFFF) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, "device '" + n.path() + "' from " + n.origin() + " is "
                    + n.devMajor() + ":" + n.devMinor() + " (ext2 and Linux take majors up to 4095 and minors up to 1048575)");
        }
    }

    private static byte[] symlinkBytes(FileTree.Node n) {
        byte[] b = n.linkTarget().getBytes(StandardCharsets.UTF_8);
        if (b.length == 0 || b.length >= BLOCK) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, "symlink '" + n.path() + "' from " + n.origin() + " has a target of "
                    + b.length + " bytes (ext2 takes 1 to 4095)");
        }
        return b;
    }

    private static int recordLength(int nameBytes) { return (8 + nameBytes + 3) & ~3; }

    /** Entries packed in order, never across a block; "." and ".." first (12 bytes each). */
    private static long directoryBlocks(List<FileTree.Node> entries) {
        long blocks = 1;
        int used = 24;
        for (FileTree.Node c : entries) {
            int rec = recordLength(c.name().getBytes(StandardCharsets.UTF_8).length);
            if (used + rec > BLOCK) {
                blocks++;
                used = 0;
            }
            used += rec;
        }
        return blocks;
    }

    // ---------------------------------------------------------------- writing

    /** Produces the image block by block, inserting each group's metadata when the position reaches it. */
    private final class Emitter {
        private final OutputStream out;
        private final byte[] block = new byte[BLOCK]; // metadata being built
        private final byte[] data = new byte[BLOCK]; // the data block being built (metadata may come first)
        private final byte[] zero = new byte[BLOCK];
        private long pos; // the next block number to write

        Emitter(OutputStream out) { this.out = out; }

        void run() throws IOException {
            for (int ino = ROOT_INODE; ino <= lastInode; ino++) {
                FileTree.Node n = nodeOf[ino];
                if (n == null || slots[ino] == 0 && n.type() != FileTree.Type.FILE) continue; // empty files: see file()
                switch (n.type()) {
                    case FILE -> file(ino, n);
                    case DIR -> directory(ino, n);
                    case SYMLINK -> {
                        Arrays.fill(data, (byte) 0);
                        byte[] t = symlinkBytes(n);
                        System.arraycopy(t, 0, data, 0, t.length);
                        blocks(start[ino], 1, () -> data);
                    }
                    default -> throw new IllegalStateException(n.type() + " has no blocks");
                }
            }
            while (pos < geo.blocks()) dataBlock(zero);
        }

        /** Writes one block of the data area (group metadata first when a group starts here). */
        private void dataBlock(byte[] b) throws IOException {
            toDataArea();
            if (pos >= geo.blocks()) throw new IllegalStateException("the plan overflows the image");
            out.write(b, 0, BLOCK);
            pos++;
        }

        /** Writes the metadata of the group that starts at the current position, if one does. */
        private void toDataArea() throws IOException {
            while (pos % geo.blocksPerGroup() == 0 && pos < geo.blocks()) groupMetadata((int) (pos / geo.blocksPerGroup()));
        }

        private void metaBlock(byte[] b) throws IOException {
            out.write(b, 0, BLOCK);
            pos++;
        }

        private void file(int ino, FileTree.Node n) throws IOException {
            if (n.size() > 0 && n.content() == null) throw new CartiException("'" + n.path() + "' from " + n.origin() + " has no content source");
            // An empty file's source is opened too: one that grew since the tree was listed is an error, not silently empty.
            try (InputStream in = n.content() == null ? InputStream.nullInputStream() : n.content().open()) {
                long[] left = {n.size()};
                BlockSource src = () -> {
                    int want = (int) Math.min(BLOCK, left[0]);
                    int got = in.readNBytes(data, 0, want);
                    if (got < want) throw changed(n);
                    Arrays.fill(data, got, BLOCK, (byte) 0);
                    left[0] -= got;
                    return data;
                };
                blocks(start[ino], ceil(n.size(), BLOCK), src);
                if (in.read() >= 0) throw changed(n);
            }
        }

        private CartiException changed(FileTree.Node n) {
            return new CartiException("'" + n.path() + "' from " + n.origin() + " changed while it was being read: expected " + n.size() + " bytes");
        }

        private void directory(int ino, FileTree.Node n) throws IOException {
            List<FileTree.Node> entries = children.getOrDefault(n.path(), List.of());
            int parent = n.path().isEmpty() ? ROOT_INODE : inodeOf.get(n.parent());
            int[] next = {0};
            boolean[] dots = {false};
            BlockSource src = () -> {
                Arrays.fill(data, (byte) 0);
                ByteBuffer bb = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
                int used = 0, last = -1;
                if (!dots[0]) {
                    last = entry(bb, 0, ino, 2, new byte[] {'.'});
                    last = entry(bb, 12, parent, 2, new byte[] {'.', '.'});
                    used = 24;
                    dots[0] = true;
                }
                while (next[0] < entries.size()) {
                    FileTree.Node c = entries.get(next[0]);
                    byte[] name = c.name().getBytes(StandardCharsets.UTF_8);
                    int rec = recordLength(name.length);
                    if (used + rec > BLOCK) break;
                    int target = c.type() == FileTree.Type.HARDLINK ? inodeOf.get(c.linkTarget()) : inodeOf.get(c.path());
                    last = entry(bb, used, target, fileType(c.type()), name);
                    used += rec;
                    next[0]++;
                }
                bb.putShort(last + 4, (short) (BLOCK - last)); // the last entry spans the rest of the block
                return data;
            };
            blocks(start[ino], directoryBlocks(entries), src);
        }

        private int entry(ByteBuffer bb, int at, int ino, int type, byte[] name) {
            bb.putInt(at, ino);
            bb.putShort(at + 4, (short) recordLength(name.length));
            bb.put(at + 6, (byte) name.length);
            bb.put(at + 7, (byte) type);
            bb.put(at + 8, name);
            return at;
        }

        /**
         * Writes {@code data} data blocks from {@code src} with their indirect blocks, which take the data-area
         * positions from {@code first} on: 12 direct blocks, then each indirect block right before what it maps.
         */
        private void blocks(long first, long data, BlockSource src) throws IOException {
            toDataArea();
            // the inode table, written earlier, already points here: a mismatch would be a corrupt image
            if (pos != geo.physical(first)) throw new IllegalStateException("block " + pos + " is not the planned " + geo.physical(first));
            long s = first, left = data;
            for (int i = 0; i < 12 && left > 0; i++, left--, s++) dataBlock(src.next());
            for (int depth = 1; depth <= 3 && left > 0; depth++) {
                long covered = Math.min(left, capacity(depth));
                s = tree(depth, s, covered, src);
                left -= covered;
            }
        }

        /** An indirect block of {@code depth} at position {@code s} and the {@code data} blocks below it; returns the next position. */
        private long tree(int depth, long s, long data, BlockSource src) throws IOException {
            byte[] ptrs = new byte[BLOCK];
            ByteBuffer bb = ByteBuffer.wrap(ptrs).order(ByteOrder.LITTLE_ENDIAN);
            long child = s + 1, left = data;
            for (int i = 0; left > 0; i++) {
                long covered = Math.min(left, capacity(depth - 1));
                bb.putInt(i * 4, (int) geo.physical(child));
                child += treeSlots(depth - 1, covered);
                left -= covered;
            }
            dataBlock(ptrs);
            long next = s + 1;
            left = data;
            while (left > 0) {
                long covered = Math.min(left, capacity(depth - 1));
                if (depth == 1) {
                    dataBlock(src.next());
                    next++;
                } else {
                    next = tree(depth - 1, next, covered, src);
                }
                left -= covered;
            }
            return next;
        }

        private void groupMetadata(int g) throws IOException {
            Arrays.fill(block, (byte) 0);
            superblock(ByteBuffer.wrap(block, g == 0 ? 1024 : 0, 1024).slice().order(ByteOrder.LITTLE_ENDIAN), g);
            metaBlock(block);
            for (int i = 0; i < geo.gdtBlocks(); i++) {
                Arrays.fill(block, (byte) 0);
                ByteBuffer bb = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
                for (int d = i * (BLOCK / 32); d < Math.min(geo.groups(), (i + 1) * (BLOCK / 32)); d++) descriptor(bb, (d % (BLOCK / 32)) * 32, d);
                metaBlock(block);
            }
            metaBlock(blockBitmap(g));
            metaBlock(inodeBitmap(g));
            int firstIno = g * geo.inodesPerGroup() + 1;
            for (int t = 0; t < geo.inodeTableBlocks(); t++) {
                Arrays.fill(block, (byte) 0);
                ByteBuffer bb = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
                for (int k = 0; k < INODES_PER_BLOCK; k++) {
                    long ino = firstIno + (long) t * INODES_PER_BLOCK + k;
                    if (ino <= lastInode && nodeOf[(int) ino] != null) inode(bb, k * INODE_SIZE, (int) ino);
                }
                metaBlock(block);
            }
        }

        private void superblock(ByteBuffer sb, int g) {
            sb.putInt(0, (int) geo.inodes());
            sb.putInt(4, (int) geo.blocks());
            sb.putInt(8, 0); // reserved blocks
            sb.putInt(12, (int) (geo.dataCapacity() - usedSlots));
            sb.putInt(16, (int) (geo.inodes() - lastInode));
            sb.putInt(20, 0); // first data block (4 KiB blocks)
            sb.putInt(24, 2); // log2(block size) - 10
            sb.putInt(28, 2);
            sb.putInt(32, (int) geo.blocksPerGroup());
            sb.putInt(36, (int) geo.blocksPerGroup());
            sb.putInt(40, geo.inodesPerGroup());
            sb.putShort(54, (short) -1); // max mount count: no forced checks
            sb.putShort(56, (short) 0xEF53);
            sb.putShort(58, (short) 1); // clean
            sb.putShort(60, (short) 1); // on errors: continue
            sb.putInt(76, 1); // dynamic revision
            sb.putInt(84, FIRST_INODE);
            sb.putShort(88, (short) INODE_SIZE);
            sb.putShort(90, (short) g);
            sb.putInt(96, FEATURE_INCOMPAT_FILETYPE);
            sb.putInt(100, largeFile ? FEATURE_RO_COMPAT_LARGE_FILE : 0);
        }

        private void descriptor(ByteBuffer bb, int at, int g) {
            long base = (long) g * geo.blocksPerGroup();
            bb.putInt(at, (int) (base + 1 + geo.gdtBlocks()));
            bb.putInt(at + 4, (int) (base + 2 + geo.gdtBlocks()));
            bb.putInt(at + 8, (int) (base + 3 + geo.gdtBlocks()));
            bb.putShort(at + 12, (short) (geo.groupBlocks(g) - geo.metaPerGroup() - usedDataIn(g)));
            bb.putShort(at + 14, (short) (geo.inodesPerGroup() - usedInodesIn(g)));
            int dirs = 0;
            for (long ino = (long) g * geo.inodesPerGroup() + 1; ino <= Math.min(lastInode, (long) (g + 1) * geo.inodesPerGroup()); ino++) {
                if (nodeOf[(int) ino] != null && nodeOf[(int) ino].type() == FileTree.Type.DIR) dirs++;
            }
            bb.putShort(at + 16, (short) dirs);
        }

        private long usedDataIn(int g) {
            long from = g * geo.dataPerGroup();
            return Math.max(0, Math.min(usedSlots - from, geo.groupBlocks(g) - geo.metaPerGroup()));
        }

        private long usedInodesIn(int g) {
            long from = (long) g * geo.inodesPerGroup();
            return Math.max(0, Math.min(lastInode - from, geo.inodesPerGroup()));
        }

        private byte[] blockBitmap(int g) {
            byte[] b = new byte[BLOCK];
            setBits(b, 0, geo.metaPerGroup() + usedDataIn(g));
            setBits(b, geo.groupBlocks(g), BITS_PER_BLOCK); // past the group's end: marked in use
            return b;
        }

        private byte[] inodeBitmap(int g) {
            byte[] b = new byte[BLOCK];
            setBits(b, 0, usedInodesIn(g)); // inodes are numbered without gaps; 1-10 are reserved (in use)
            setBits(b, geo.inodesPerGroup(), BITS_PER_BLOCK);
            return b;
        }

        private void inode(ByteBuffer bb, int at, int ino) {
            FileTree.Node n = nodeOf[ino];
            int type = switch (n.type()) {
                case DIR -> 0x4000;
                case FILE -> 0x8000;
                case SYMLINK -> 0xA000;
                case CHAR_DEVICE -> 0x2000;
                case BLOCK_DEVICE -> 0x6000;
                case FIFO -> 0x1000;
                case HARDLINK -> throw new IllegalStateException("hard links have no inode of their own");
            };
            long size = switch (n.type()) {
                case FILE -> n.size();
                case DIR -> slotsData(ino) * BLOCK;
                case SYMLINK -> symlinkBytes(n).length;
                default -> 0;
            };
            bb.putShort(at, (short) (type | (n.mode() & 07777)));
            bb.putShort(at + 2, (short) n.uid());
            bb.putInt(at + 4, (int) size);
            bb.putShort(at + 24, (short) n.gid());
            bb.putShort(at + 26, (short) links[ino]);
            bb.putInt(at + 28, (int) (slots[ino] * (BLOCK / 512)));
            if (n.type() == FileTree.Type.SYMLINK && slots[ino] == 0) {
                bb.put(at + 40, symlinkBytes(n)); // a fast symlink: the text is in the block pointers
            } else if (n.type() == FileTree.Type.CHAR_DEVICE || n.type() == FileTree.Type.BLOCK_DEVICE) {
                int major = n.devMajor(), minor = n.devMinor();
                if (major < 256 && minor < 256) {
                    bb.putInt(at + 40, (major << 8) | minor);
                } else {
                    bb.putInt(at + 44, (minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12));
                }
            } else if (slots[ino] > 0) {
                pointers(bb, at + 40, start[ino], slotsData(ino));
            }
            if (n.type() == FileTree.Type.FILE) bb.putInt(at + 108, (int) (size >>> 32));
            bb.putShort(at + 120, (short) (n.uid() >>> 16));
            bb.putShort(at + 122, (short) (n.gid() >>> 16));
        }

        /** The 15 block pointers: 12 direct, then the roots of the single, double and triple indirect trees. */
        private void pointers(ByteBuffer bb, int at, long first, long data) {
            for (int i = 0; i < 12 && i < data; i++) bb.putInt(at + 4 * i, (int) geo.physical(first + i));
            long s = first + Math.min(12, data), left = data - Math.min(12, data);
            for (int depth = 1; depth <= 3 && left > 0; depth++) {
                bb.putInt(at + 4 * (11 + depth), (int) geo.physical(s));
                long covered = Math.min(left, capacity(depth));
                s += treeSlots(depth, covered);
                left -= covered;
            }
        }

        /** Data blocks of an entry (its blocks without the indirect ones). */
        private long slotsData(int ino) {
            FileTree.Node n = nodeOf[ino];
            return switch (n.type()) {
                case FILE -> ceil(n.size(), BLOCK);
                case DIR -> directoryBlocks(children.getOrDefault(n.path(), List.of()));
                default -> slots[ino];
            };
        }
    }

    @FunctionalInterface
    private interface BlockSource {
        byte[] next() throws IOException;
    }

    /** Data blocks mapped by an indirect tree of {@code depth} (0: one block). */
    private static long capacity(int depth) {
        long c = 1;
        for (int i = 0; i < depth; i++) c *= PTRS;
        return c;
    }

    /**
     * Blocks taken by an indirect tree of {@code depth} mapping {@code data} blocks, the data included: each level
     * j has one block per 1024^j data blocks (depth 0 is a data block alone).
     */
    static long treeSlots(int depth, long data) {
        long total = data;
        for (int j = 1; j <= depth; j++) total += ceil(data, capacity(j));
        return total;
    }

    private static int fileType(FileTree.Type t) {
        return switch (t) {
            case FILE, HARDLINK -> 1;
            case DIR -> 2;
            case CHAR_DEVICE -> 3;
            case BLOCK_DEVICE -> 4;
            case FIFO -> 5;
            case SYMLINK -> 7;
        };
    }

    private static void setBits(byte[] b, long from, long to) {
        for (long i = from; i < to; i++) b[(int) (i >>> 3)] |= (byte) (1 << (i & 7));
    }

    private static long ceil(long a, long b) { return (a + b - 1) / b; }

    private static long roundUp(long v, long m) { return ceil(v, m) * m; }
}
