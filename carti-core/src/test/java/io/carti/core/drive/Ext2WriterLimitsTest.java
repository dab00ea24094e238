package io.carti.core.drive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carti.core.CartiException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in writer at ext2's boundaries: block-map depths, fast and slow symlinks, the new device encoding, 32-bit
 * owners, 255-byte names, multi-block directories, groups forced by the inode count, a triple-indirect file, exact
 * minimum sizes and refused entries. Every image is checked by e2fsck and read back through debugfs
 * ({@link Ext2WriterTest#assertImageHolds}).
 */
class Ext2WriterLimitsTest {
    private static final int B = 4096;
    @TempDir Path tmp;

    private static FileTree.Node dir(String path) {
        return new FileTree.Node(path, FileTree.Type.DIR, 0755, 0, 0, 0, null, null, 0, 0, "t");
    }

    private static FileTree.Node file(String path, long size) {
        return new FileTree.Node(path, FileTree.Type.FILE, 0644, 0, 0, size, () -> Ext2WriterTest.numbered(size), null, 0, 0, "t");
    }

    private static FileTree.Node symlink(String path, String target) {
        return new FileTree.Node(path, FileTree.Type.SYMLINK, 0777, 0, 0, 0, null, target, 0, 0, "t");
    }

    private Path written(FileTree t, Long size) throws Exception {
        Path out = tmp.resolve("i" + System.nanoTime() + ".ext2");
        Ext2Writer.plan(t, size).writeHashed(out);
        Tools.e2fsckClean(out);
        return out;
    }

    @Test void boundariesOfBlockMapsSymlinksDevicesOwnersAndNames() throws Exception {
        FileTree t = new FileTree();
        t.put(dir("sizes"));
        for (long size : new long[] {0, 1, B - 1, B, B + 1, 12L * B, 12L * B + 1, (12L + 1024) * B, (12L + 1024) * B + 1}) {
            t.put(file("sizes/f" + size, size));
        }
        t.put(dir("links"));
        for (int len : new int[] {1, 59, 60, 4095}) t.put(symlink("links/l" + len, "x".repeat(len)));
        t.put(new FileTree.Node("links/hard-before", FileTree.Type.HARDLINK, 0, 0, 0, 0, null, "sizes/f4097", 0, 0, "t"));
        t.put(new FileTree.Node("sizes/zz-hard-after", FileTree.Type.HARDLINK, 0, 0, 0, 0, null, "sizes/f4097", 0, 0, "t"));
        t.put(dir("dev"));
        t.put(new FileTree.Node("dev/big-numbers", FileTree.Type.CHAR_DEVICE, 0600, 0, 0, 0, null, null, 259, 70000, "t"));
        t.put(new FileTree.Node("dev/blk", FileTree.Type.BLOCK_DEVICE, 0660, 0, 6, 0, null, null, 8, 300, "t"));
        t.put(new FileTree.Node("dev/fifo", FileTree.Type.FIFO, 0620, 0, 0, 0, null, null, 0, 0, "t"));
        t.put(new FileTree.Node("owned", FileTree.Type.FILE, 07755, 100000, 2_000_000_000L, 3,
                () -> new ByteArrayInputStream("abc".getBytes(StandardCharsets.UTF_8)), null, 0, 0, "t"));
        t.put(dir("n"));
        t.put(file("n/" + "é".repeat(127) + "z", 5)); // 255 bytes of UTF-8
        Path img = written(t, null);
        Ext2WriterTest.assertImageHolds(img, t, tmp);
        assertThat(Tools.debugfs(img, "stat /links/l59")).contains("Fast link dest:");
        assertThat(Tools.debugfs(img, "stat /links/l60")).doesNotContain("Fast link dest:");
        assertThat(Tools.debugfs(img, "stat /sizes/f4097")).contains("Links: 3");
    }

    @Test void aDirectoryOfManyBlocks() throws Exception {
        FileTree t = new FileTree();
        t.put(dir("many"));
        for (int i = 0; i < 3000; i++) t.put(file("many/entry-with-a-longish-name-" + i, i % 3));
        Path img = written(t, null);
        assertThat(Long.parseLong(size(Tools.debugfs(img, "stat /many")))).isGreaterThan(20L * B);
        assertThat(DebugfsOracle.list(img)).hasSize(3001);
        Ext2WriterTest.assertImageHolds(img, t, tmp);
    }

    @Test void moreInodesThanOneGroupHolds() throws Exception {
        FileTree t = new FileTree();
        for (int d = 0; d < 4; d++) {
            t.put(dir("d" + d));
            for (int i = 0; i < 10_000; i++) {
                t.put(new FileTree.Node("d" + d + "/" + i, FileTree.Type.FILE, 0644, 0, 0, 0, null, null, 0, 0, "t"));
            }
        }
        Ext2Writer w = Ext2Writer.plan(t, null);
        assertThat(w.inodes()).isGreaterThan(32768);
        Path img = written(t, null);
        String stats = Tools.debugfs(img, "stats");
        assertThat(stats).contains("Group  1:");
        assertThat(Tools.debugfs(img, "ls -p /d3")).contains("/9999/");
        assertThat(Tools.debugfs(img, "stat /d3/9999")).contains("Size: 0");
    }

    /** A 4 GiB + 5 MiB file needs the triple-indirect tree and large_file; the image is written sparse (zero blocks skipped). */
    @Test void aFileBeyondTheDoubleIndirectTree() throws Exception {
        long size = (4L << 30) + (5L << 20) + 7;
        FileTree t = new FileTree();
        t.put(new FileTree.Node("huge", FileTree.Type.FILE, 0644, 0, 0, size, () -> tail(size), null, 0, 0, "t"));
        Path img = tmp.resolve("huge.ext2");
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            Ext2Writer w = Ext2Writer.plan(t, null);
            try (SparseOut out = new SparseOut(ch)) {
                w.write(out);
            }
            ch.truncate(w.bytes());
            if (ch.size() < w.bytes()) ch.write(ByteBuffer.allocate(1), w.bytes() - 1);
        }
        Tools.e2fsckClean(img);
        String stat = Tools.debugfs(img, "stat /huge");
        assertThat(size(stat)).isEqualTo(Long.toString(size));
        assertThat(stat).contains("TIND");
        assertThat(Tools.debugfs(img, "stats")).contains("large_file");
        // debugfs maps the file's last block through the triple-indirect tree; the image holds "the end" there
        long lastBlock = (size - 1) / B;
        long physical = Long.parseLong(Tools.debugfs(img, "bmap /huge " + lastBlock).strip());
        try (FileChannel ch = FileChannel.open(img)) {
            ByteBuffer last = ByteBuffer.allocate(7);
            ch.read(last, physical * B + (size - 7) % B);
            assertThat(new String(last.array(), StandardCharsets.US_ASCII)).isEqualTo("the end");
        }
    }

    @Test void theMinimumSizeGivenByTheErrorIsExact() throws Exception {
        FileTree t = Ext2ImageBuilderTest.richTree();
        Matcher m = Pattern.compile("at least (\\d+) bytes").matcher("");
        try {
            Ext2Writer.plan(t, 4096L * 64);
            throw new AssertionError("256 KiB should be too small");
        } catch (CartiException e) {
            assertThat(m.reset(e.getMessage()).find()).as(e.getMessage()).isTrue();
        }
        long min = Long.parseLong(m.group(1));
        Ext2WriterTest.assertImageHolds(written(t, min), t, tmp);
        assertThatThrownBy(() -> Ext2Writer.plan(t, min - 4096)).isInstanceOf(CartiException.class).hasMessageContaining("too small");
    }

    @Test void entriesExt2CannotHoldAreRefusedByName() {
        FileTree longName = new FileTree();
        longName.put(file("a".repeat(256), 1));
        assertThatThrownBy(() -> Ext2Writer.plan(longName, null)).isInstanceOf(CartiException.class)
                .hasMessageContaining("'" + "a".repeat(256) + "' from t").hasMessageContaining("255 bytes");
        FileTree emptyLink = new FileTree();
        emptyLink.put(symlink("l", ""));
        assertThatThrownBy(() -> Ext2Writer.plan(emptyLink, null)).isInstanceOf(CartiException.class).hasMessageContaining("symlink 'l'");
        FileTree toDir = new FileTree();
        toDir.put(dir("d"));
        toDir.put(new FileTree.Node("h", FileTree.Type.HARDLINK, 0, 0, 0, 0, null, "d", 0, 0, "t"));
        assertThatThrownBy(() -> Ext2Writer.plan(toDir, null)).isInstanceOf(CartiException.class).hasMessageContaining("hard link 'h'");
        FileTree missing = new FileTree();
        missing.put(new FileTree.Node("h", FileTree.Type.HARDLINK, 0, 0, 0, 0, null, "nowhere", 0, 0, "t"));
        assertThatThrownBy(() -> Ext2Writer.plan(missing, null)).isInstanceOf(CartiException.class).hasMessageContaining("'nowhere'");
        FileTree longer = new FileTree();
        longer.put(new FileTree.Node("grows", FileTree.Type.FILE, 0644, 0, 0, 3, () -> new ByteArrayInputStream(new byte[4]), null, 0, 0, "t"));
        assertThatThrownBy(() -> Ext2Writer.plan(longer, null).writeHashed(tmp.resolve("g.ext2"))).isInstanceOf(CartiException.class)
                .hasMessageContaining("'grows' from t changed while it was being read");
    }

    @Test void insertionOrderDoesNotMatter() throws Exception {
        FileTree a = new FileTree(), b = new FileTree();
        a.put(dir("x"));
        a.put(file("x/2", 5000));
        a.put(file("x/1", 10));
        a.put(file("top", 3));
        b.put(file("top", 3));
        b.put(dir("x"));
        b.put(file("x/1", 10));
        b.put(file("x/2", 5000));
        assertThat(Files.mismatch(written(a, null), written(b, null))).isEqualTo(-1);
    }

    private static String size(String stat) {
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
                java.util.Arrays.fill(b, off, off + n, (byte) 0);
                for (long at = Math.max(pos, size - end.length); at < pos + n; at++) b[off + (int) (at - pos)] = end[(int) (at - size + end.length)];
                pos += n;
                return n;
            }
        };
    }

    /** Writes through a channel, skipping all-zero 4 KiB blocks (they stay holes): the test needs no 4 GiB of disk. */
    private static final class SparseOut extends OutputStream {
        private final FileChannel ch;
        private long pos;

        SparseOut(FileChannel ch) { this.ch = ch; }

        @Override public void write(int b) throws IOException { write(new byte[] {(byte) b}, 0, 1); }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            if (!(len == B && java.util.Arrays.mismatch(b, off, off + len, ZERO, 0, B) < 0)) {
                ByteBuffer bb = ByteBuffer.wrap(b, off, len);
                long at = pos;
                while (bb.hasRemaining()) at += ch.write(bb, at);
            }
            pos += len;
        }

        private static final byte[] ZERO = new byte[B];
    }
}
