package io.carti.core.drive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carti.core.CartiException;
import io.carti.core.cid.Cid;
import io.carti.core.cid.CidHasher;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pure-Java ext2 writer, checked only with independent tools: e2fsck must find every image clean, and debugfs
 * must read back exactly the tree (entries, types, modes, owners, sizes, bytes, link targets, devices, hard links
 * sharing an inode); the same tree through genext2fs must list the same way.
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
            assertThat(l.uid()).as("uid of %s", n.path()).isEqualTo(data.uid());
            assertThat(l.gid()).as("gid of %s", n.path()).isEqualTo(data.gid());
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
