package io.carti.core.drive;

import io.carti.core.CartiException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A read-only ext2 reader in pure Java (no mounting, no root): revisions 0 and 1; 1, 2 and 4 KiB blocks
 * (up to 64 KiB); direct, indirect, double and triple indirect block maps; fast and slow symlinks; hard links;
 * character/block devices and fifos; mode, uid and gid. The {@code filetype} incompat feature and {@code flex_bg}
 * are supported, {@code dir_index} directories are read linearly, and every other incompat feature (extents,
 * 64bit, meta_bg, inline_data, encrypt, …) is refused by name.
 *
 * <p>{@link #readTree} returns a {@link FileTree} whose file contents are read lazily from the image. The whole
 * structure (directories, inodes, block maps) is validated while the tree is built, so a corrupt or hostile
 * image (a loop in a block map or the directory graph, a name holding '/', a block or size past the end) fails
 * then with one clear message, never with a hang or an out-of-memory. Sockets are skipped (tar cannot hold them).
 */
public final class Ext2Reader implements Closeable {
    static final int ROOT_INO = 2;
    private static final int MAGIC = 0xEF53;
    private static final int INCOMPAT_FILETYPE = 0x2, INCOMPAT_FLEX_BG = 0x200;
    private static final int RO_COMPAT_BIGALLOC = 0x200;
    private static final String[][] INCOMPAT_NAMES = {{"1", "compression"}, {"4", "needs_recovery"}, {"8", "journal_dev"},
            {"16", "meta_bg"}, {"64", "extents"}, {"128", "64bit"}, {"256", "mmp"}, {"1024", "ea_inode"},
            {"4096", "dirdata"}, {"8192", "metadata_csum_seed"}, {"16384", "large_dir"}, {"32768", "inline_data"},
            {"65536", "encrypt"}, {"131072", "casefold"}};

    private final Path image;
    private final FileChannel ch;
    final Geometry geo;

    /** What the superblock says, checked for sanity. */
    record Geometry(int blockSize, int revision, long blocksCount, long inodesCount, long firstDataBlock,
                    long blocksPerGroup, long inodesPerGroup, int inodeSize, int groups, boolean fileType) {
        long imageBytes() { return blocksCount * blockSize; }

        int pointersPerBlock() { return blockSize / 4; }
    }

    private Ext2Reader(Path image, FileChannel ch, Geometry geo) {
        this.image = image;
        this.ch = ch;
        this.geo = geo;
    }

    /** Opens an image and checks its superblock. */
    public static Ext2Reader open(Path image) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(image, StandardOpenOption.READ);
            Ext2Reader r = new Ext2Reader(image, ch, readGeometry(image, ch));
            ch = null;
            return r;
        } catch (NoSuchFileException e) {
            throw new CartiException(CartiException.Kind.NOT_FOUND, "no such file: " + image);
        } catch (IOException e) {
            throw new CartiException("cannot read ext2 image " + image + ": " + e.getMessage(), e);
        } finally {
            if (ch != null) try { ch.close(); } catch (IOException ignored) { /* already failing */ }
        }
    }

    /** Reads a whole image into a tree; {@code origin} names it in the nodes (and so in conflict messages). */
    public static FileTree read(Path image, String origin) {
        try (Ext2Reader r = open(image)) {
            return r.readTree(origin);
        }
    }

    public int blockSize() { return geo.blockSize(); }

    public int revision() { return geo.revision(); }

    @Override public void close() {
        try { ch.close(); } catch (IOException ignored) { /* read-only */ }
    }

    private static Geometry readGeometry(Path image, FileChannel ch) throws IOException {
        if (ch.size() < 2048) throw bad(image, "too small to hold an ext2 superblock (" + ch.size() + " bytes)");
        ByteBuffer sb = readAt(ch, 1024, 1024);
        if ((sb.getShort(56) & 0xffff) != MAGIC) throw bad(image, "not an ext2 filesystem (no 0xEF53 magic in the superblock)");
        long inodesCount = u32(sb, 0), blocksCount = u32(sb, 4), firstDataBlock = u32(sb, 20);
        long logBlock = u32(sb, 24);
        if (logBlock > 6) throw bad(image, "unsupported block size 2^(10+" + logBlock + ")");
        int blockSize = 1024 << logBlock;
        long blocksPerGroup = u32(sb, 32), inodesPerGroup = u32(sb, 40);
        long revision = u32(sb, 76);
        if (revision > 1) throw bad(image, "unsupported ext2 revision " + revision);
        int inodeSize = revision == 0 ? 128 : sb.getShort(88) & 0xffff;
        if (inodeSize < 128 || inodeSize > blockSize || Integer.bitCount(inodeSize) != 1) throw bad(image, "bad inode size " + inodeSize);
        long incompat = revision == 0 ? 0 : u32(sb, 96), roCompat = revision == 0 ? 0 : u32(sb, 100);
        long unsupported = incompat & ~(INCOMPAT_FILETYPE | INCOMPAT_FLEX_BG);
        if (unsupported != 0) throw bad(image, "ext2/3/4 features this reader does not support: " + featureNames(unsupported)
                + " (carti reads plain ext2 images such as genext2fs makes)");
        if ((roCompat & RO_COMPAT_BIGALLOC) != 0) throw bad(image, "unsupported feature bigalloc");
        if (blocksPerGroup == 0 || blocksPerGroup > 8L * blockSize || inodesPerGroup == 0 || inodesPerGroup > 8L * blockSize) {
            throw bad(image, "bad group geometry (" + blocksPerGroup + " blocks, " + inodesPerGroup + " inodes per group)");
        }
        if (blocksCount <= firstDataBlock || firstDataBlock > 1) throw bad(image, "bad block count " + blocksCount);
        if (blocksCount * blockSize > ch.size()) {
            throw bad(image, "truncated: the superblock says " + blocksCount * blockSize + " bytes, the file has " + ch.size());
        }
        long groups = (blocksCount - firstDataBlock + blocksPerGroup - 1) / blocksPerGroup;
        if (inodesCount == 0 || inodesCount > groups * inodesPerGroup) throw bad(image, "bad inode count " + inodesCount);
        return new Geometry(blockSize, (int) revision, blocksCount, inodesCount, firstDataBlock, blocksPerGroup,
                inodesPerGroup, inodeSize, (int) groups, (incompat & INCOMPAT_FILETYPE) != 0);
    }

    private static String featureNames(long bits) {
        List<String> names = new ArrayList<>();
        for (String[] f : INCOMPAT_NAMES) if ((bits & Long.parseLong(f[0])) != 0) names.add(f[1]);
        long known = 0;
        for (String[] f : INCOMPAT_NAMES) known |= Long.parseLong(f[0]);
        if ((bits & ~known) != 0) names.add("0x" + Long.toHexString(bits & ~known));
        return String.join(", ", names);
    }

    // ---------------------------------------------------------------- inodes

    /** The fields of an on-disk inode that carti uses. */
    record Inode(long ino, int mode, long uid, long gid, long size, int links, long blocks512, long fileAcl, long[] block,
                 byte[] blockBytes) {
        int type() { return mode & 0xF000; }
    }

    Inode inode(long ino, String path) throws IOException {
        if (ino < 1 || ino > geo.inodesCount()) throw bad(image, "'" + path + "' refers to inode " + ino + ", which does not exist");
        long group = (ino - 1) / geo.inodesPerGroup(), index = (ino - 1) % geo.inodesPerGroup();
        long gdtBlock = geo.firstDataBlock() + 1;
        ByteBuffer gd = readAt(ch, gdtBlock * geo.blockSize() + group * 32, 32);
        long table = u32(gd, 8);
        long tableBlocks = (geo.inodesPerGroup() * geo.inodeSize() + geo.blockSize() - 1) / geo.blockSize();
        if (table < geo.firstDataBlock() || table + tableBlocks > geo.blocksCount()) {
            throw bad(image, "group " + group + " has its inode table at block " + table + ", past the end");
        }
        ByteBuffer in = readAt(ch, table * geo.blockSize() + index * geo.inodeSize(), 128);
        int mode = in.getShort(0) & 0xffff;
        long uid = (in.getShort(2) & 0xffff) | ((long) (in.getShort(120) & 0xffff) << 16);
        long gid = (in.getShort(24) & 0xffff) | ((long) (in.getShort(122) & 0xffff) << 16);
        long size = u32(in, 4);
        if ((mode & 0xF000) == 0x8000 && geo.revision() > 0) size |= u32(in, 108) << 32;
        int links = in.getShort(26) & 0xffff;
        long blocks512 = u32(in, 28);
        long fileAcl = u32(in, 104);
        long[] block = new long[15];
        for (int i = 0; i < 15; i++) block[i] = u32(in, 40 + 4 * i);
        byte[] blockBytes = new byte[60];
        in.get(40, blockBytes);
        return new Inode(ino, mode, uid, gid, size, links, blocks512, fileAcl, block, blockBytes);
    }

    // ---------------------------------------------------------------- the tree

    private record Entry(String path, Inode inode) {}

    /** Reads every directory from the root and returns the tree (file bytes are read later, on demand). */
    public FileTree readTree(String origin) {
        try {
            List<Entry> entries = new ArrayList<>();
            Set<Long> seenDirs = new HashSet<>();
            ArrayDeque<Entry> todo = new ArrayDeque<>();
            Inode root = inode(ROOT_INO, "/");
            if (root.type() != 0x4000) throw bad(image, "the root inode is not a directory");
            todo.push(new Entry("", root));
            seenDirs.add((long) ROOT_INO);
            while (!todo.isEmpty()) {
                Entry dir = todo.pop();
                entries.add(dir);
                for (Map.Entry<String, Long> child : listDirectory(dir).entrySet()) {
                    String path = dir.path().isEmpty() ? child.getKey() : dir.path() + "/" + child.getKey();
                    Inode ino = inode(child.getValue(), path);
                    if (ino.type() == 0x4000) {
                        if (!seenDirs.add(ino.ino())) throw bad(image, "directory loop: '" + path + "' is inode " + ino.ino() + " again");
                        todo.push(new Entry(path, ino));
                    } else {
                        entries.add(new Entry(path, ino));
                    }
                }
            }
            return toTree(entries, origin);
        } catch (IOException e) {
            throw new CartiException("cannot read ext2 image " + image + ": " + e.getMessage(), e);
        }
    }

    private FileTree toTree(List<Entry> entries, String origin) throws IOException {
        entries.sort((a, b) -> FileTree.CANONICAL.compare(a.path(), b.path()));
        FileTree tree = new FileTree();
        Map<Long, String> firstPathOfInode = new HashMap<>();
        for (Entry e : entries) {
            Inode in = e.inode();
            int perm = in.mode() & 07777;
            FileTree.Node node = switch (in.type()) {
                case 0x4000 -> new FileTree.Node(e.path(), FileTree.Type.DIR, perm, in.uid(), in.gid(), 0, null, null, 0, 0, origin);
                case 0x8000 -> {
                    String first = firstPathOfInode.putIfAbsent(in.ino(), e.path());
                    if (first != null) {
                        yield new FileTree.Node(e.path(), FileTree.Type.HARDLINK, perm, in.uid(), in.gid(), 0, null, first, 0, 0, origin);
                    }
                    BlockMap map = blockMap(in, e.path());
                    map.validate(ch);
                    Path img = image;
                    yield new FileTree.Node(e.path(), FileTree.Type.FILE, perm, in.uid(), in.gid(), in.size(),
                            () -> new Ext2FileStream(img, map), null, 0, 0, origin);
                }
                case 0xA000 -> new FileTree.Node(e.path(), FileTree.Type.SYMLINK, perm, in.uid(), in.gid(), 0, null,
                        symlinkTarget(in, e.path()), 0, 0, origin);
                case 0x2000, 0x6000 -> {
                    long dev = in.block()[0] != 0 ? in.block()[0] : in.block()[1];
                    int major, minor;
                    if (in.block()[0] != 0) {
                        major = (int) ((dev >> 8) & 0xff);
                        minor = (int) (dev & 0xff);
                    } else {
                        major = (int) ((dev >> 8) & 0xfff);
                        minor = (int) ((dev & 0xff) | ((dev >> 12) & 0xfff00));
                    }
                    FileTree.Type t = in.type() == 0x2000 ? FileTree.Type.CHAR_DEVICE : FileTree.Type.BLOCK_DEVICE;
                    yield new FileTree.Node(e.path(), t, perm, in.uid(), in.gid(), 0, null, null, major, minor, origin);
                }
                case 0x1000 -> new FileTree.Node(e.path(), FileTree.Type.FIFO, perm, in.uid(), in.gid(), 0, null, null, 0, 0, origin);
                case 0xC000 -> null; // a socket: tar cannot hold it, the kernel recreates them
                default -> throw bad(image, "'" + e.path() + "' (inode " + in.ino() + ") has an unknown file type 0" + Integer.toOctalString(in.mode()));
            };
            if (node == null) continue;
            if (e.path().isEmpty()) tree.put(new FileTree.Node("", FileTree.Type.DIR, node.mode(), node.uid(), node.gid(), 0, null, null, 0, 0, origin));
            else tree.put(node);
        }
        return tree;
    }

    private String symlinkTarget(Inode in, String path) throws IOException {
        long eaBlocks = in.fileAcl() != 0 ? geo.blockSize() / 512 : 0;
        if (in.size() >= geo.blockSize() || in.size() == 0) throw bad(image, "symlink '" + path + "' has a bad length " + in.size());
        byte[] bytes;
        if (in.blocks512() - eaBlocks == 0) { // fast symlink: the text lives in i_block
            if (in.size() > 60) throw bad(image, "symlink '" + path + "' claims " + in.size() + " bytes inside its inode");
            bytes = java.util.Arrays.copyOf(in.blockBytes(), (int) in.size());
        } else {
            BlockMap map = blockMap(in, path);
            map.validate(ch);
            try (Ext2FileStream s = new Ext2FileStream(ch, map)) {
                bytes = s.readAllBytes();
            }
        }
        return decodeName(bytes, "symlink '" + path + "' target");
    }

    /** One directory's entries (name → inode), without "." and "..", validated. */
    private Map<String, Long> listDirectory(Entry dir) throws IOException {
        Inode in = dir.inode();
        String shown = dir.path().isEmpty() ? "/" : dir.path();
        if (in.size() % geo.blockSize() != 0) throw bad(image, "directory '" + shown + "' has a size that is not a whole number of blocks");
        BlockMap map = blockMap(in, shown);
        map.validate(ch);
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        byte[] block = new byte[geo.blockSize()];
        try (Ext2FileStream s = new Ext2FileStream(ch, map)) {
            while (s.readNBytes(block, 0, block.length) == block.length) {
                ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
                int off = 0;
                while (off < block.length) {
                    if (off + 8 > block.length) throw bad(image, "directory '" + shown + "' has a truncated entry");
                    long ino = u32(b, off);
                    int recLen = b.getShort(off + 4) & 0xffff;
                    int nameLen = geo.fileType() ? b.get(off + 6) & 0xff : b.getShort(off + 6) & 0xffff;
                    if (recLen < 8 || recLen % 4 != 0 || off + recLen > block.length || nameLen + 8 > recLen) {
                        throw bad(image, "directory '" + shown + "' has a corrupt entry at offset " + off + " of a block");
                    }
                    if (ino != 0 && nameLen > 0) {
                        String name = decodeName(java.util.Arrays.copyOfRange(block, off + 8, off + 8 + nameLen), "a name in '" + shown + "'");
                        if (name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
                            throw bad(image, "directory '" + shown + "' holds an invalid name '" + name.replace("\0", "\\0") + "' (contains '/' or NUL)");
                        }
                        if (!name.equals(".") && !name.equals("..")) {
                            if (out.put(name, ino) != null) throw bad(image, "directory '" + shown + "' lists '" + name + "' twice");
                        }
                    }
                    off += recLen;
                }
            }
        }
        return out;
    }

    private String decodeName(byte[] bytes, String what) {
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return cb.toString();
        } catch (CharacterCodingException e) {
            throw bad(image, what + " is not valid UTF-8");
        }
    }

    BlockMap blockMap(Inode in, String path) {
        if (in.size() > geo.imageBytes()) {
            throw bad(image, "'" + path + "' claims " + in.size() + " bytes, more than the whole image (" + geo.imageBytes() + ")");
        }
        return new BlockMap(image, geo, in.block().clone(), in.size(), path);
    }

    // ---------------------------------------------------------------- helpers

    static ByteBuffer readAt(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + b.position());
            if (n < 0) throw new IOException("unexpected end of image at byte " + (pos + b.position()));
        }
        return b.flip();
    }

    static long u32(ByteBuffer b, int off) { return b.getInt(off) & 0xffffffffL; }

    static CartiException bad(Path image, String msg) {
        return new CartiException(CartiException.Kind.INVALID_INPUT, "ext2 image " + image + ": " + msg);
    }
}
