package io.carti.core.drive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carti.core.CartiException;
import io.carti.core.cid.Cid;
import io.carti.core.cid.CidHasher;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pure-Java ext2 writer, checked only with independent tools: e2fsck must find every image clean, and debugfs
 * must read back exactly the tree (entries, types, modes, owners, sizes, bytes, link targets, devices, hard links
 * sharing an inode); the same tree through genext2fs must list the same way. Besides hand-made trees, seeded random
 * trees ({@link RandomTrees}) mix every entry kind with ext2's edge values; multi-GiB and mostly empty images are
 * written sparse ({@link SparseImages}).
 */
class Ext2WriterTest {
    @TempDir Path tmp;

    private Path write(FileTree t, Long size) throws Exception {
        Path out = tmp.resolve("w" + System.nanoTime() + ".ext2");
        Ext2Writer w = Ext2Writer.plan(t, size);
        Cid cid = w.writeHashed(out);
        assertThat(Files.size(out)).isEqualTo(w.bytes());
        assertThat(cid).as("CID hashed while writing").isEqualTo(CidHasher.hash(out));
        Tools.e2fsckClean(out);
        return out;
    }

    /** Compares debugfs' view of {@code image} with {@code tree}, entry by entry. */
    static void assertImageHolds(Path image, FileTree tree, Path scratch) throws Exception {
        Map<String, DebugfsOracle.Listed> listed = DebugfsOracle.list(image);
        Map<String, FileTree.Node> nodes = new HashMap<>();
        for (FileTree.Node n : tree.nodes()) if (!n.path().isEmpty()) nodes.put(n.path(), n);
        assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(nodes.keySet());
        Path dump = Files.createTempDirectory(scratch, "rdump");
        Tools.debugfs(image, "rdump / " + dump);
        for (FileTree.Node n : nodes.values()) {
            DebugfsOracle.Listed l = listed.get(n.path());
            FileTree.Node data = n.type() == FileTree.Type.HARDLINK ? nodes.get(n.linkTarget()) : n;
            assertThat(l.mode() & 07777).as("mode of %s", n.path()).isEqualTo(data.mode() & 07777);
            // debugfs prints owners as signed 32-bit numbers (4294967294 as -2)
            assertThat(l.uid() & 0xFFFFFFFFL).as("uid of %s", n.path()).isEqualTo(data.uid());
            assertThat(l.gid() & 0xFFFFFFFFL).as("gid of %s", n.path()).isEqualTo(data.gid());
            switch (n.type()) {
                case DIR -> assertThat(l.type()).isEqualTo(0040000);
                case FILE, HARDLINK -> {
                    assertThat(l.type()).as("type of %s", n.path()).isEqualTo(0100000);
                    assertThat(l.size()).as("size of %s", n.path()).isEqualTo(data.size());
                    assertThat(DebugfsOracle.sha256(Files.newInputStream(dump.resolve(n.path()))))
                            .as("bytes of %s", n.path()).isEqualTo(DebugfsOracle.sha256(data.size() == 0 ? InputStream.nullInputStream() : data.content().open()));
                    if (n.type() == FileTree.Type.HARDLINK) {
                        assertThat(l.ino()).as("inode of hard link %s", n.path()).isEqualTo(listed.get(n.linkTarget()).ino());
                    }
                }
                case SYMLINK -> {
                    assertThat(l.type()).isEqualTo(0120000);
                    assertThat(Files.readSymbolicLink(dump.resolve(n.path())).toString()).as("target of %s", n.path()).isEqualTo(n.linkTarget());
                }
                case CHAR_DEVICE, BLOCK_DEVICE -> {
                    assertThat(l.type()).isEqualTo(n.type() == FileTree.Type.CHAR_DEVICE ? 0020000 : 0060000);
                    assertThat(DebugfsOracle.device(image, n.path())).as("device of %s", n.path()).containsExactly(n.devMajor(), n.devMinor());
                }
                case FIFO -> assertThat(l.type()).isEqualTo(0010000);
            }
        }
    }

    @Test void everyEntryKindReadsBackThroughDebugfs() throws Exception {
        FileTree t = Ext2ImageBuilderTest.richTree();
        Path img = write(t, null);
        assertImageHolds(img, t, tmp);
    }

    @Test void listsLikeGenext2fsOfTheSameTree() throws Exception {
        FileTree t = Ext2ImageBuilderTest.richTree();
        Path ours = write(t, null);
        Path theirs = new Ext2ImageBuilder(null).build(t, tmp.resolve("genext2fs.ext2"), null).file();
        Map<String, String> a = new HashMap<>(), b = new HashMap<>();
        DebugfsOracle.list(ours).forEach((p, l) -> a.put(p, Integer.toOctalString(l.mode()) + " " + l.uid() + ":" + l.gid() + " " + l.size()));
        DebugfsOracle.list(theirs).forEach((p, l) -> b.put(p, Integer.toOctalString(l.mode()) + " " + l.uid() + ":" + l.gid() + " " + l.size()));
        assertThat(a).isEqualTo(b);
    }

    @Test void sameTreeSameBytes() throws Exception {
        Path a = write(Ext2ImageBuilderTest.richTree(), null);
        Path b = write(Ext2ImageBuilderTest.richTree(), null);
        assertThat(Files.mismatch(a, b)).isEqualTo(-1);
    }

    @Test void explicitSizeAndTooSmall() throws Exception {
        FileTree t = Ext2ImageBuilderTest.richTree();
        Path img = write(t, 32L << 20);
        assertThat(Files.size(img)).isEqualTo(32L << 20);
        assertImageHolds(img, t, tmp);
        assertThatThrownBy(() -> Ext2Writer.plan(t, 1L << 20)).isInstanceOf(CartiException.class).hasMessageContaining("too small");
        assertThatThrownBy(() -> Ext2Writer.plan(t, 1000L)).isInstanceOf(CartiException.class).hasMessageContaining("multiple of 4096");
    }

    @Test void aFileThatShrinksIsAnError() {
        FileTree t = new FileTree();
        t.put(new FileTree.Node("short", FileTree.Type.FILE, 0644, 0, 0, 1 << 20, () -> new ByteArrayInputStream(new byte[10]), null, 0, 0, "bundle x"));
        assertThatThrownBy(() -> Ext2Writer.plan(t, null).writeHashed(tmp.resolve("s.ext2")))
                .isInstanceOf(CartiException.class).hasMessageContaining("'short' from bundle x changed while it was being read");
    }

    @Test void manySmallFilesSpanSeveralGroups() throws Exception {
        FileTree t = new FileTree();
        for (int d = 0; d < 3; d++) {
            t.put(new FileTree.Node("d" + d, FileTree.Type.DIR, 0755, 0, 0, 0, null, null, 0, 0, "t"));
            for (int i = 0; i < 700; i++) {
                byte[] b = ("file " + d + "/" + i + "\n").repeat(i % 50 * 40 + 1).getBytes(StandardCharsets.UTF_8);
                t.put(new FileTree.Node("d" + d + "/f" + i, FileTree.Type.FILE, 0644, i, d, b.length, () -> new ByteArrayInputStream(b), null, 0, 0, "t"));
            }
        }
        long big = (300L << 20) + 123; // through the double indirect tree and across two group boundaries
        t.put(new FileTree.Node("big", FileTree.Type.FILE, 0644, 0, 0, big, () -> numbered(big), null, 0, 0, "t"));
        assertThat(Ext2Writer.plan(t, null).blocks()).isGreaterThan(2 * 32768);
        Path img = write(t, null);
        assertImageHolds(img, t, tmp);
    }

    // ---------------------------------------------------------------- random trees

    /** Every entry of a random tree reads back through debugfs (e2fsck clean), edge sizes and symlinks included. */
    @ParameterizedTest(name = "seed {0}, {1} entries")
    @CsvSource({"1, 70", "2, 70", "3, 70", "11, 600"})
    void randomTreeReadsBackThroughDebugfs(long seed, int entries) throws Exception {
        FileTree t = RandomTrees.build(RandomTrees.entries(seed, entries, 6));
        assertThat(t.nodes()).as("the edges are in the tree")
                .anyMatch(n -> n.type() == FileTree.Type.HARDLINK && FileTree.CANONICAL.compare(n.path(), n.linkTarget()) < 0)
                .anyMatch(n -> n.type() == FileTree.Type.HARDLINK && FileTree.CANONICAL.compare(n.path(), n.linkTarget()) > 0)
                .anyMatch(n -> n.devMajor() > 255 || n.devMinor() > 255)
                .anyMatch(n -> n.uid() > 65535 && n.type() != FileTree.Type.HARDLINK)
                .anyMatch(n -> (n.mode() & 07000) != 0)
                .anyMatch(n -> n.name().getBytes(StandardCharsets.UTF_8).length == 255)
                .anyMatch(n -> n.type() == FileTree.Type.FIFO)
                .anyMatch(n -> n.path().split("/").length >= 3);
        assertThat(t.nodes().stream().filter(n -> n.type() == FileTree.Type.FILE).map(FileTree.Node::size))
                .containsAll(Arrays.stream(RandomTrees.EDGE_SIZES).boxed().toList());
        assertThat(t.nodes().stream().filter(n -> n.type() == FileTree.Type.SYMLINK).map(n -> n.linkTarget().getBytes(StandardCharsets.UTF_8).length))
                .containsAll(Arrays.stream(RandomTrees.EDGE_LINKS).boxed().toList());
        Path img = write(t, null);
        assertImageHolds(img, t, tmp);
        for (FileTree.Node n : t.nodes()) {
            int bytes = n.type() == FileTree.Type.SYMLINK ? n.linkTarget().getBytes(StandardCharsets.UTF_8).length : -1;
            if (Arrays.stream(RandomTrees.EDGE_LINKS).noneMatch(e -> e == bytes)) continue;
            boolean fast = bytes < 60; // fits the inode's 60 bytes of block pointers
            assertThat(Tools.debugfs(img, "stat \"/" + n.path() + "\"").contains("Fast link dest:")).as("fast symlink %s", n.path()).isEqualTo(fast);
        }
    }

    /**
     * genext2fs, given the same tree, lists the same modes, sizes and owners and the same names sharing an inode. (It gives a hard-linked file the inode
     * number of its first name in canonical order, where ours numbers the FILE entry, so the numbers themselves differ.)
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2})
    void randomTreeListsLikeGenext2fs(long seed) throws Exception {
        // genext2fs holds 16-bit owners and 8-bit device numbers (the host engine refuses more): the tree is cut to that
        List<FileTree.Node> entries = new ArrayList<>();
        for (FileTree.Node n : RandomTrees.entries(seed, 70, 4)) {
            entries.add(new FileTree.Node(n.path(), n.type(), n.mode(), n.uid() & 0xFFFF, n.gid() & 0xFFFF, n.size(), n.content(),
                    n.linkTarget(), n.devMajor() & 0xFF, n.devMinor() & 0xFF, n.origin()));
        }
        FileTree t = RandomTrees.build(entries);
        Path ours = write(t, null);
        Path theirs = new Ext2ImageBuilder(null).build(t, tmp.resolve("genext2fs.ext2"), null).file();
        assertThat(listing(ours)).isEqualTo(listing(theirs));
    }

    /** path → "mode uid:gid size [every path with the same inode]". */
    private static Map<String, String> listing(Path image) {
        Map<String, DebugfsOracle.Listed> listed = DebugfsOracle.list(image);
        Map<Long, SortedSet<String>> names = new HashMap<>();
        listed.forEach((p, l) -> names.computeIfAbsent(l.ino(), k -> new TreeSet<>()).add(p));
        Map<String, String> out = new TreeMap<>();
        listed.forEach((p, l) -> out.put(p, Integer.toOctalString(l.mode()) + " " + l.uid() + ":" + l.gid()
                + " " + l.size() + " " + names.get(l.ino())));
        return out;
    }

    /**
     * A random tree behind a zero-filled file that fills most of group 0, so the first group boundary falls inside the
     * random entries' data (and their indirect blocks): every block must still map to the right group's data area.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 9})
    void randomTreeAcrossAGroupBoundary(long seed) throws Exception {
        FileTree t = RandomTrees.build(RandomTrees.entries(seed, 60, 3));
        assertThat(t.contains(" ")).isFalse();
        long data = t.nodes().stream().filter(n -> n.type() == FileTree.Type.FILE).mapToLong(FileTree.Node::size).sum();
        assertThat(data).isGreaterThan(8L << 20);
        long filler = 32768L * 4096 - data / 2; // the boundary lands about halfway through the random entries' data
        t.put(new FileTree.Node(" ", FileTree.Type.FILE, 0644, 0, 0, filler, () -> zeros(filler), null, 0, 0, "filler")); // sorts first
        Ext2Writer w = Ext2Writer.plan(t, null);
        assertThat(w.blocks()).isGreaterThan(32768);
        Path img = SparseImages.write(w, tmp.resolve("across.ext2"));
        Tools.e2fsckClean(img);
        assertImageHolds(img, t, tmp);
    }

    /** The same entries put into the tree in other orders give the same image, byte for byte. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void randomTreeInAnyInsertionOrderGivesTheSameBytes(long seed) throws Exception {
        List<FileTree.Node> entries = RandomTrees.entries(seed, 70, 4);
        String first = sha256(Ext2Writer.plan(RandomTrees.build(entries), null));
        List<FileTree.Node> reversed = new ArrayList<>(entries);
        Collections.reverse(reversed);
        assertThat(sha256(Ext2Writer.plan(RandomTrees.build(reversed), null))).as("reversed").isEqualTo(first);
        for (long shuffle = 1; shuffle <= 2; shuffle++) {
            assertThat(sha256(Ext2Writer.plan(RandomTrees.build(RandomTrees.shuffled(entries, shuffle)), null))).as("shuffle %d", shuffle).isEqualTo(first);
        }
    }

    private static String sha256(Ext2Writer w) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (DigestOutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), md)) {
            w.write(out);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The size the too-small error names is exactly the smallest accepted: it works (clean, whole tree), one block less does not. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {4, 5})
    void theMinimumNamedByTheErrorIsExactForRandomTrees(long seed) throws Exception {
        FileTree t = RandomTrees.build(RandomTrees.entries(seed, 120, 5));
        long min = minimumFromTheError(t);
        Path img = write(t, min);
        assertImageHolds(img, t, tmp);
        assertThatThrownBy(() -> Ext2Writer.plan(t, min - 4096)).isInstanceOf(CartiException.class)
                .hasMessageContaining("the requested size " + (min - 4096) + " bytes is too small").hasMessageContaining("at least " + min + " bytes");
    }

    /** 40,000 empty files at the exact minimum size: two groups forced by the inode count alone, every entry listed. */
    @Test void groupsForcedByInodesAtTheMinimumSize() throws Exception {
        FileTree t = new FileTree();
        for (int d = 0; d < 8; d++) {
            t.put(new FileTree.Node("d" + d, FileTree.Type.DIR, 0755, 0, 0, 0, null, null, 0, 0, "t"));
            for (int i = 0; i < 5000; i++) t.put(new FileTree.Node("d" + d + "/e" + i, FileTree.Type.FILE, 0644, i, d, 0, null, null, 0, 0, "t"));
        }
        long min = minimumFromTheError(t);
        assertThat(min).as("far below one full group of blocks").isLessThan(32768L * 4096);
        Path img = write(t, min);
        String header = Tools.ok("dumpe2fs", "-h", img.toString());
        long inodes = headerValue(header, "Inode count"), perGroup = headerValue(header, "Inodes per group");
        assertThat(inodes / perGroup).as("groups").isGreaterThanOrEqualTo(2);
        assertThat(headerValue(header, "Free inodes")).isEqualTo(inodes - 10 - 8 - 40_000);
        assertThat(DebugfsOracle.list(img).keySet()).containsExactlyInAnyOrderElementsOf(
                t.nodes().stream().map(FileTree.Node::path).filter(p -> !p.isEmpty()).toList());
        assertThatThrownBy(() -> Ext2Writer.plan(t, min - 4096)).isInstanceOf(CartiException.class).hasMessageContaining("too small");
    }

    private static long minimumFromTheError(FileTree t) {
        try {
            Ext2Writer.plan(t, 4096L);
        } catch (CartiException e) {
            Matcher m = Pattern.compile("at least (\\d+) bytes").matcher(e.getMessage());
            assertThat(m.find()).as(e.getMessage()).isTrue();
            return Long.parseLong(m.group(1));
        }
        throw new AssertionError("one block is enough for the tree?");
    }

    private static long headerValue(String dumpe2fs, String field) {
        Matcher m = Pattern.compile("(?m)^" + field + ":\\s+(\\d+)").matcher(dumpe2fs);
        assertThat(m.find()).as("%s in %s", field, dumpe2fs).isTrue();
        return Long.parseLong(m.group(1));
    }

    /**
     * Explicit sizes around the group edges (one full group and a block less or more, two and three groups ± a few
     * blocks, an odd count): e2fsck checks every group's counts and bitmaps; the mostly empty images are written sparse.
     */
    @Test void explicitSizesAroundGroupEdges() throws Exception {
        FileTree t = RandomTrees.build(RandomTrees.entries(6, 40, 3));
        List<Long> sizes = new ArrayList<>(List.of(100_001L));
        for (long edge : new long[] {32768, 65536, 98304}) for (long d = -3; d <= 3; d++) sizes.add(edge + d);
        for (long blocks : sizes) {
            Ext2Writer w = Ext2Writer.plan(t, blocks * 4096);
            Path img = SparseImages.write(w, tmp.resolve(blocks + ".ext2"));
            Tools.e2fsckClean(img);
            String header = Tools.ok("dumpe2fs", "-h", img.toString());
            assertThat(headerValue(header, "Block count")).isEqualTo(blocks);
            assertThat(headerValue(header, "Blocks per group")).isLessThanOrEqualTo(32768);
            if (blocks % 32768 == 1) assertImageHolds(img, t, tmp);
        }
    }

    /** A tree of the root alone: the default size and the smallest accepted are clean images with an empty root. */
    @Test void anEmptyTree() throws Exception {
        FileTree t = new FileTree();
        long min = minimumFromTheError(t);
        for (Long size : new Long[] {null, min}) {
            Path img = write(t, size);
            assertThat(DebugfsOracle.list(img)).isEmpty();
            assertThat(Tools.debugfs(img, "stat /")).contains("Links: 2").contains("Size: 4096");
        }
        assertThatThrownBy(() -> Ext2Writer.plan(t, min - 4096)).isInstanceOf(CartiException.class).hasMessageContaining("too small");
    }

    /** One file with 65,000 names, the most ext2 (e2fsprogs) counts; one name more is refused, naming the file. */
    @Test void theMostHardLinksExt2Counts() throws Exception {
        FileTree t = new FileTree();
        t.put(new FileTree.Node("f", FileTree.Type.FILE, 0644, 0, 0, 2, () -> new ByteArrayInputStream(new byte[] {1, 2}), null, 0, 0, "t"));
        t.put(new FileTree.Node("l", FileTree.Type.DIR, 0755, 0, 0, 0, null, null, 0, 0, "t"));
        for (int i = 1; i < 65_000; i++) t.put(new FileTree.Node("l/" + i, FileTree.Type.HARDLINK, 0, 0, 0, 0, null, "f", 0, 0, "t"));
        Path img = write(t, null);
        assertThat(Tools.debugfs(img, "stat /f")).contains("Links: 65000");
        assertThat(Tools.debugfs(img, "stat /l/64999")).contains("Links: 65000");
        t.put(new FileTree.Node("l/65000", FileTree.Type.HARDLINK, 0, 0, 0, 0, null, "f", 0, 0, "t"));
        assertThatThrownBy(() -> Ext2Writer.plan(t, null)).isInstanceOf(CartiException.class).hasMessage("'f' has too many hard links for ext2");
    }

    // ---------------------------------------------------------------- edges the random trees may miss

    /** A file of 2^31 - 1 bytes needs no large_file; one of 2^31 does (e2fsck would flag either mistake). */
    @Test void largeFileFeatureFromTwoGibibytes() throws Exception {
        for (long size : new long[] {(1L << 31) - 1, 1L << 31}) {
            FileTree t = new FileTree();
            t.put(new FileTree.Node("f", FileTree.Type.FILE, 0644, 0, 0, size, () -> zeros(size), null, 0, 0, "t"));
            Path img = SparseImages.write(Ext2Writer.plan(t, null), tmp.resolve(size + ".ext2"));
            Tools.e2fsckClean(img);
            String features = Tools.ok("dumpe2fs", "-h", img.toString()).lines().filter(l -> l.startsWith("Filesystem features:")).findFirst().orElseThrow();
            assertThat(features.contains("large_file")).as("%s for %d bytes", features, size).isEqualTo(size > Integer.MAX_VALUE);
            String stat = Tools.debugfs(img, "stat /f");
            assertThat(stat).contains("Size: " + size);
            long blocks = Ext2ImageBuilder.withIndirect(size / 4096 + (size % 4096 == 0 ? 0 : 1));
            assertThat(stat).contains("Blockcount: " + blocks * 8);
        }
    }

    static InputStream zeros(long size) {
        return new InputStream() {
            long left = size;

            @Override public int read() {
                if (left == 0) return -1;
                left--;
                return 0;
            }

            @Override public int read(byte[] b, int off, int len) {
                if (left == 0) return -1;
                int n = (int) Math.min(len, left);
                Arrays.fill(b, off, off + n, (byte) 0);
                left -= n;
                return n;
            }
        };
    }

    /**
     * Directory blocks filled to the last byte: 253 entries of 16 bytes and one of 24 after "." and ".." make exactly
     * 4096, so the next entry opens block 2; a 255-byte name that no longer fits opens block 3.
     */
    @Test void directoryBlocksFilledExactly() throws Exception {
        FileTree t = new FileTree();
        t.put(new FileTree.Node("d", FileTree.Type.DIR, 0755, 0, 0, 0, null, null, 0, 0, "t"));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 253; i++) names.add(String.format("a%07d", i)); // 8 bytes: a 16-byte record
        names.add("a0000252-sixteen"); // 16 bytes: a 24-byte record, the last of block 1
        names.add("b");                // block 2
        for (int i = 0; i < 15; i++) names.add("c" + "x".repeat(240) + String.format("%03d", i) + "-" + "y".repeat(10)); // 255 bytes: 264-byte records
        for (String n : names) t.put(new FileTree.Node("d/" + n, FileTree.Type.FILE, 0644, 0, 0, 1, () -> new ByteArrayInputStream(new byte[] {7}), null, 0, 0, "t"));
        assertThat(names.get(names.size() - 1).getBytes(StandardCharsets.UTF_8)).hasSize(255);
        Path img = write(t, null);
        // block 2: "b" (12) + 15 * 264 = 3972, the 16th long name would not fit
        assertThat(Tools.debugfs(img, "stat /d")).contains("Size: " + 2 * 4096);
        assertImageHolds(img, t, tmp);
        t.put(new FileTree.Node("d/c" + "z".repeat(254), FileTree.Type.FILE, 0644, 0, 0, 0, null, null, 0, 0, "t"));
        Path three = write(t, null);
        assertThat(Tools.debugfs(three, "stat /d")).contains("Size: " + 3 * 4096);
        assertImageHolds(three, t, tmp);
    }

    /**
     * A directory past its 12 direct and 1024 single-indirect blocks: 16,000 names of 255 bytes (15 records a block)
     * need 1067 blocks, so the last ones are mapped through the double-indirect tree.
     */
    @Test void aDirectoryThroughTheDoubleIndirectTree() throws Exception {
        FileTree t = new FileTree();
        t.put(new FileTree.Node("d", FileTree.Type.DIR, 0755, 0, 0, 0, null, null, 0, 0, "t"));
        for (int i = 0; i < 16_000; i++) {
            t.put(new FileTree.Node("d/" + String.format("%05d", i) + "n".repeat(250), FileTree.Type.FIFO, 0644, 0, 0, 0, null, null, 0, 0, "t"));
        }
        Path img = write(t, null);
        String stat = Tools.debugfs(img, "stat /d");
        assertThat(stat).contains("Size: " + 1067 * 4096).contains("DIND");
        Map<String, DebugfsOracle.Listed> listed = DebugfsOracle.list(img);
        assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(t.nodes().stream().map(FileTree.Node::path).filter(p -> !p.isEmpty()).toList());
        assertThat(listed.values()).allMatch(l -> l.type() == 0010000 || l.type() == 0040000);
    }

    /** More than 128 groups: the group descriptors take two blocks in every group (a mostly free 17 GiB image, sparse). */
    @Test void descriptorsOverSeveralBlocks() throws Exception {
        FileTree t = RandomTrees.build(RandomTrees.entries(10, 30, 3));
        long blocks = 129L * 32768 + 1000;
        Path img = SparseImages.write(Ext2Writer.plan(t, blocks * 4096), tmp.resolve("wide.ext2"));
        Tools.e2fsckClean(img);
        String header = Tools.ok("dumpe2fs", "-h", img.toString());
        assertThat(headerValue(header, "Block count")).isEqualTo(blocks);
        long last = 129 * headerValue(header, "Blocks per group"); // the 130th group's first block
        assertThat(Tools.ok("dumpe2fs", img.toString())).contains("Primary superblock at 0, Group descriptors at 1-2")
                .contains("Group 129: (Blocks " + last + "-" + (blocks - 1) + ")")
                .contains("Backup superblock at " + last + ", Group descriptors at " + (last + 1) + "-" + (last + 2))
                .doesNotContain("Group 130:");
        assertImageHolds(img, t, tmp);
    }

    /** The root's own mode and owner (a tree may replace the default 0755 root:root) are the image's root. */
    @Test void theRootKeepsItsModeAndOwner() throws Exception {
        FileTree t = new FileTree();
        t.put(new FileTree.Node("", FileTree.Type.DIR, 01750, 100_000, 70_000, 0, null, null, 0, 0, "t"));
        t.put(new FileTree.Node("f", FileTree.Type.FILE, 0644, 0, 0, 0, null, null, 0, 0, "t"));
        Path img = write(t, null);
        String stat = Tools.debugfs(img, "stat /");
        assertThat(stat).containsPattern("Mode: +01750").contains("User: 100000").contains("Group: 70000");
    }

    // ---------------------------------------------------------------- refusals

    @Test void aNameOf256BytesOfUtf8IsRefusedWithItsPath() {
        FileTree t = new FileTree();
        t.put(new FileTree.Node("dir", FileTree.Type.DIR, 0755, 0, 0, 0, null, null, 0, 0, "layer 3"));
        String name = "é".repeat(128); // 128 characters, 256 bytes
        t.put(new FileTree.Node("dir/" + name, FileTree.Type.FIFO, 0644, 0, 0, 0, null, null, 0, 0, "layer 3"));
        assertThatThrownBy(() -> Ext2Writer.plan(t, null)).isInstanceOf(CartiException.class)
                .hasMessage("'dir/" + name + "' from layer 3: a name is limited to 255 bytes in ext2");
    }

    @Test void aSymlinkOf4096BytesIsRefused() {
        FileTree t = new FileTree();
        t.put(new FileTree.Node("l", FileTree.Type.SYMLINK, 0777, 0, 0, 0, null, "x".repeat(4096), 0, 0, "t"));
        assertThatThrownBy(() -> Ext2Writer.plan(t, null)).isInstanceOf(CartiException.class)
                .hasMessage("symlink 'l' from t has a target of 4096 bytes (ext2 takes 1 to 4095)");
    }

    /** A hard link must point at a regular file: not a symlink, a FIFO or another hard link. */
    @Test void hardLinksToOtherThanFilesAreRefused() {
        for (FileTree.Type type : new FileTree.Type[] {FileTree.Type.SYMLINK, FileTree.Type.FIFO, FileTree.Type.HARDLINK}) {
            FileTree t = new FileTree();
            t.put(new FileTree.Node("f", FileTree.Type.FILE, 0644, 0, 0, 0, null, null, 0, 0, "t"));
            t.put(new FileTree.Node("target", type, 0644, 0, 0, 0, null, "f", 0, 0, "t"));
            t.put(new FileTree.Node("h", FileTree.Type.HARDLINK, 0, 0, 0, 0, null, "target", 0, 0, "layer 2"));
            assertThatThrownBy(() -> Ext2Writer.plan(t, null)).as("link to a %s", type).isInstanceOf(CartiException.class)
                    .hasMessage("hard link 'h' from layer 2 points to 'target', which is not a regular file in the tree");
        }
    }

    /** The largest device numbers Linux has (12-bit major, 20-bit minor) read back; one past either is refused. */
    @Test void deviceNumbersBeyondLinuxsAreRefused() throws Exception {
        FileTree t = new FileTree();
        t.put(new FileTree.Node("max", FileTree.Type.BLOCK_DEVICE, 0600, 0, 0, 0, null, null, 4095, (1 << 20) - 1, "t"));
        assertImageHolds(write(t, null), t, tmp);
        for (int[] dev : new int[][] {{4096, 0}, {0, 1 << 20}, {-1, 0}, {0, -1}}) {
            FileTree bad = new FileTree();
            bad.put(new FileTree.Node("dev", FileTree.Type.CHAR_DEVICE, 0600, 0, 0, 0, null, null, dev[0], dev[1], "layer 1"));
            Path img = tmp.resolve("dev" + dev[0] + "-" + dev[1] + ".ext2");
            try {
                Ext2Writer.plan(bad, null).writeHashed(img);
            } catch (CartiException e) {
                assertThat(e.getMessage()).as("%d:%d", dev[0], dev[1]).contains("'dev' from layer 1");
                continue;
            }
            throw new AssertionError(dev[0] + ":" + dev[1] + " was written as " + Arrays.toString(DebugfsOracle.device(img, "dev")));
        }
    }

    /** A source with more bytes than the size is an error, also when the size ends on a block edge. */
    @Test void aFileThatGrowsIsAnErrorAtEveryBlockEdge() {
        for (long size : new long[] {1, 4096, 12 * 4096, 13 * 4096}) {
            FileTree t = new FileTree();
            t.put(new FileTree.Node("grows", FileTree.Type.FILE, 0644, 0, 0, size, () -> zeros(size + 1), null, 0, 0, "bundle y"));
            assertThatThrownBy(() -> Ext2Writer.plan(t, null).writeHashed(tmp.resolve("g" + size + ".ext2"))).as("size %d", size)
                    .isInstanceOf(CartiException.class).hasMessage("'grows' from bundle y changed while it was being read: expected " + size + " bytes");
        }
    }

    /** An empty file whose source has bytes after all is the same change as any other file growing. */
    @Test void anEmptyFileThatGrowsIsAnError() {
        FileTree t = new FileTree();
        t.put(new FileTree.Node("grows", FileTree.Type.FILE, 0644, 0, 0, 0, () -> zeros(1), null, 0, 0, "bundle y"));
        assertThatThrownBy(() -> Ext2Writer.plan(t, null).writeHashed(tmp.resolve("g.ext2")))
                .isInstanceOf(CartiException.class).hasMessage("'grows' from bundle y changed while it was being read: expected 0 bytes");
    }

    /** A 4 GiB + 5 MiB file needs the triple-indirect tree and large_file; the image is written sparse (zero blocks skipped). */
    @Test void aFileBeyondTheDoubleIndirectTree() throws Exception {
        long size = (4L << 30) + (5L << 20) + 7;
        FileTree t = new FileTree();
        t.put(new FileTree.Node("huge", FileTree.Type.FILE, 0644, 0, 0, size, () -> tail(size), null, 0, 0, "t"));
        Path img = SparseImages.write(Ext2Writer.plan(t, null), tmp.resolve("huge.ext2"));
        Tools.e2fsckClean(img);
        String stat = Tools.debugfs(img, "stat /huge");
        assertThat(statSize(stat)).isEqualTo(Long.toString(size));
        assertThat(stat).contains("TIND");
        assertThat(Tools.debugfs(img, "stats")).contains("large_file");
        // debugfs maps the file's last block through the triple-indirect tree; the image holds "the end" there
        long lastBlock = (size - 1) / Ext2Writer.BLOCK;
        long physical = Long.parseLong(Tools.debugfs(img, "bmap /huge " + lastBlock).strip());
        try (FileChannel ch = FileChannel.open(img)) {
            ByteBuffer last = ByteBuffer.allocate(7);
            ch.read(last, physical * Ext2Writer.BLOCK + (size - 7) % Ext2Writer.BLOCK);
            assertThat(new String(last.array(), StandardCharsets.US_ASCII)).isEqualTo("the end");
        }
    }

    private static String statSize(String stat) {
        Matcher m = Pattern.compile("Size: (\\d+)").matcher(stat);
        assertThat(m.find()).as(stat).isTrue();
        return m.group(1);
    }

    /** {@code size} zero bytes ending in "the end". */
    private static InputStream tail(long size) {
        byte[] end = "the end".getBytes(StandardCharsets.US_ASCII);
        return new InputStream() {
            long pos;

            @Override public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override public int read(byte[] b, int off, int len) {
                if (pos >= size) return -1;
                int n = (int) Math.min(len, size - pos);
                Arrays.fill(b, off, off + n, (byte) 0);
                for (long at = Math.max(pos, size - end.length); at < pos + n; at++) b[off + (int) (at - pos)] = end[(int) (at - size + end.length)];
                pos += n;
                return n;
            }
        };
    }

    /** {@code size} bytes where every 4-byte word holds its own index: each block differs from every other. */
    static InputStream numbered(long size) {
        return new InputStream() {
            long pos;

            @Override public int read() {
                if (pos >= size) return -1;
                long word = pos >>> 2;
                return (int) (word >>> (8 * (pos++ & 3))) & 0xff;
            }

            @Override public int read(byte[] b, int off, int len) {
                if (pos >= size) return -1;
                int n = (int) Math.min(len, size - pos);
                for (int i = 0; i < n; i++) b[off + i] = (byte) read();
                return n;
            }
        };
    }
}
