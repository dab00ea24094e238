package io.carti.core.drive;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Seeded random trees for the ext2 writer's tests: nested directories and every entry kind, with the values at
 * ext2's boundaries mixed in (file sizes around the direct/indirect/double-indirect edges, symlinks around the
 * fast/slow edge and up to 4095 bytes, device numbers that need the new encoding, 32-bit owners, setuid/setgid/sticky
 * modes, 255-byte and UTF-8 names, hard links named before and after their file). The same seed gives the same
 * entries; {@link #build} inserts them in any order (parents first), so one list can be built several ways.
 */
final class RandomTrees {
    private static final int B = 4096;
    /** Sizes at the block-map edges: 0, one block ±1, the last direct block ±1, the last single-indirect block ±1. */
    static final long[] EDGE_SIZES = {0, 1, B - 1, B, B + 1, 12L * B, 12L * B + 1, (12L + 1024) * B, (12L + 1024) * B + 1};
    /** Symlink lengths: the shortest, the longest fast one (in the inode), the shortest slow one, the longest. */
    static final int[] EDGE_LINKS = {1, 59, 60, 4095};
    private static final long[] OWNERS = {0, 1, 1000, 65534, 65535, 65536, 100_000, 2_000_000_000L, 4_294_967_294L};
    private static final String[] UTF8 = {"é", "ß", "日本", "ж", "😀", "ü"};
    private static final String ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._- ";

    private RandomTrees() {}

    /**
     * About {@code entries} random entries below the root, every edge size and symlink length among them, at most
     * {@code maxDepth} directories deep; files hold {@link #bytes} of their own seed.
     */
    static List<FileTree.Node> entries(long seed, int entries, int maxDepth) {
        Random r = new Random(seed);
        List<FileTree.Node> out = new ArrayList<>();
        List<String> dirs = new ArrayList<>(List.of(""));
        List<String> files = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        int edgeSize = 0, edgeLink = 0;
        for (int i = 0; i < entries || edgeSize < EDGE_SIZES.length || edgeLink < EDGE_LINKS.length; i++) {
            String parent = dirs.get(r.nextInt(dirs.size()));
            String path = uniqueChild(r, parent, taken);
            int depth = path.split("/").length;
            int kind = r.nextInt(20);
            if (edgeSize < EDGE_SIZES.length && i % 3 == 0) {
                kind = 0;
            } else if (edgeLink < EDGE_LINKS.length && i % 3 == 1) {
                kind = 10;
            }
            long uid = OWNERS[r.nextInt(OWNERS.length)], gid = OWNERS[r.nextInt(OWNERS.length)];
            if (kind < 7) { // a file
                long size = edgeSize < EDGE_SIZES.length && kind == 0 ? EDGE_SIZES[edgeSize++] : r.nextInt(3) == 0 ? r.nextInt(3 * B) : r.nextInt(200);
                long contentSeed = r.nextLong();
                out.add(new FileTree.Node(path, FileTree.Type.FILE, 0400 | r.nextInt(010000), uid, gid, size,
                        () -> bytes(contentSeed, size), null, 0, 0, "seed " + seed));
                files.add(path);
            } else if (kind < 10 && depth < maxDepth) { // a directory (owner rwx, so rdump can fill and tests can clean it)
                out.add(new FileTree.Node(path, FileTree.Type.DIR, 0700 | r.nextInt(010000), uid, gid, 0, null, null, 0, 0, "seed " + seed));
                dirs.add(path);
            } else if (kind < 13) { // a symlink
                int len = edgeLink < EDGE_LINKS.length && kind == 10 ? EDGE_LINKS[edgeLink++] : 1 + r.nextInt(120);
                out.add(new FileTree.Node(path, FileTree.Type.SYMLINK, 0777, uid, gid, 0, null, linkText(r, len), 0, 0, "seed " + seed));
            } else if (kind < 16 && !files.isEmpty()) { // a hard link: its name may sort before or after its file's
                out.add(new FileTree.Node(path, FileTree.Type.HARDLINK, 0, 0, 0, 0, null, files.get(r.nextInt(files.size())), 0, 0, "seed " + seed));
            } else if (kind < 18) { // a device; majors up to 12 bits and minors up to 20 bits (the new encoding past 255)
                boolean small = r.nextBoolean();
                int major = small ? r.nextInt(256) : r.nextInt(4096), minor = small ? r.nextInt(256) : r.nextInt(1 << 20);
                FileTree.Type type = r.nextBoolean() ? FileTree.Type.CHAR_DEVICE : FileTree.Type.BLOCK_DEVICE;
                out.add(new FileTree.Node(path, type, r.nextInt(010000), uid, gid, 0, null, null, major, minor, "seed " + seed));
            } else {
                out.add(new FileTree.Node(path, FileTree.Type.FIFO, r.nextInt(010000), uid, gid, 0, null, null, 0, 0, "seed " + seed));
            }
        }
        return out;
    }

    /** The entries in a tree, inserted in the given order except that a directory always goes in before its contents. */
    static FileTree build(List<FileTree.Node> entries) {
        FileTree t = new FileTree();
        List<FileTree.Node> waiting = new ArrayList<>(entries);
        while (!waiting.isEmpty()) {
            List<FileTree.Node> later = new ArrayList<>();
            for (FileTree.Node n : waiting) {
                if (t.contains(n.parent())) t.put(n);
                else later.add(n);
            }
            if (later.size() == waiting.size()) throw new IllegalArgumentException("entries without a parent: " + later);
            waiting = later;
        }
        return t;
    }

    /** The same entries shuffled by {@code seed}. */
    static List<FileTree.Node> shuffled(List<FileTree.Node> entries, long seed) {
        List<FileTree.Node> s = new ArrayList<>(entries);
        Collections.shuffle(s, new Random(seed));
        return s;
    }

    /** {@code size} pseudo-random bytes from {@code seed} (no two blocks alike, so misplaced blocks show). */
    static InputStream bytes(long seed, long size) {
        return new InputStream() {
            private final Random r = new Random(seed);
            private final byte[] chunk = new byte[B];
            private int at = B;
            private long pos;

            @Override public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override public int read(byte[] b, int off, int len) {
                if (pos >= size) return -1;
                int n = (int) Math.min(len, size - pos);
                for (int i = 0; i < n; i++) {
                    if (at == B) {
                        r.nextBytes(chunk);
                        at = 0;
                    }
                    b[off + i] = chunk[at++];
                }
                pos += n;
                return n;
            }
        };
    }

    /** A fresh name in {@code parent}: short ASCII, UTF-8, or (now and then) exactly 255 bytes. */
    private static String uniqueChild(Random r, String parent, Set<String> taken) {
        while (true) {
            String name = name(r);
            String path = parent.isEmpty() ? name : parent + "/" + name;
            if (!name.equals(".") && !name.equals("..") && taken.add(path)) return path;
        }
    }

    private static String name(Random r) {
        StringBuilder sb = new StringBuilder();
        int len = 1 + r.nextInt(24);
        for (int i = 0; i < len; i++) {
            if (r.nextInt(6) == 0) sb.append(UTF8[r.nextInt(UTF8.length)]);
            else sb.append(ASCII.charAt(r.nextInt(ASCII.length())));
        }
        if (r.nextInt(25) == 0) { // pad to exactly 255 bytes of UTF-8
            while (sb.toString().getBytes(StandardCharsets.UTF_8).length < 255) sb.append(ASCII.charAt(r.nextInt(26)));
        }
        return sb.toString();
    }

    /**
     * Exactly {@code len} bytes of UTF-8 (the edges are in bytes), some characters multi-byte; relative (no leading
     * '/'), so the links rdump makes stay inside the test's temp dir.
     */
    private static String linkText(Random r, int len) {
        StringBuilder sb = new StringBuilder();
        int bytes = 0;
        while (bytes < len) {
            String c = r.nextInt(6) == 0 ? UTF8[r.nextInt(UTF8.length)] : bytes > 0 && r.nextInt(8) == 0 ? "/" : String.valueOf(ASCII.charAt(r.nextInt(ASCII.length() - 1)));
            int n = c.getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > len) continue;
            sb.append(c);
            bytes += n;
        }
        return sb.toString();
    }
}
