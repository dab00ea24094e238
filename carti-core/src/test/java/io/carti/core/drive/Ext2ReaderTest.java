package io.carti.core.drive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carti.core.CartiException;
import io.carti.core.testing.Fixtures;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Ext2Reader} against debugfs (and e2ls) on the upstream fixtures and on images genext2fs and mke2fs make here. */
class Ext2ReaderTest {
    @TempDir static Path shared;
    static Path src;
    static Path devTable;

    /** A source tree with every kind of entry a drive holds (devices come from genext2fs' device table). */
    @BeforeAll static void sourceTree() throws IOException {
        src = shared.resolve("src");
        Random rnd = new Random(7);
        Tools.write(src.resolve("hello.txt"), "hello\n".getBytes(StandardCharsets.UTF_8));
        Tools.write(src.resolve("empty"), new byte[0]);
        Tools.write(src.resolve("bin/medium"), bytes(rnd, 300_000));   // double indirect at 1 KiB blocks
        Tools.write(src.resolve("bin/tool"), bytes(rnd, 5 << 20));      // double indirect at 2 and 4 KiB blocks
        Tools.write(src.resolve("docs/\u00fcn\u00efc\u00f6d\u00e9.txt"), "utf-8 name".getBytes(StandardCharsets.UTF_8));
        Tools.write(src.resolve("a/b/c/d/deep"), "deep".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 120; i++) Tools.write(src.resolve("many/entry-number-" + i), ("" + i).getBytes(StandardCharsets.UTF_8));
        Files.createLink(src.resolve("docs/hardlink"), src.resolve("hello.txt"));
        Files.createSymbolicLink(src.resolve("fast-link"), Path.of("hello.txt"));
        Files.createSymbolicLink(src.resolve("slow-link"), Path.of("a/b/c/d/" + "x".repeat(90)));
        Tools.ok("mkfifo", src.resolve("fifo").toString());
        devTable = shared.resolve("devices.txt");
        Files.writeString(devTable, """
                /dev d 755 0 0 - - - - -
                /dev/null c 666 0 0 1 3 - - -
                /dev/sda b 660 0 6 8 0 - - -
                /dev/big c 600 0 0 254 200 - - -
                /owned d 750 1000 1001 - - - - -
                """);
    }

    private static byte[] bytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    @Test void upstreamDappTestData(@TempDir Path tmp) throws Exception {
        Path img = Fixtures.path("dapp-test-data.ext2");
        FileTree tree = Ext2Reader.read(img, "dapp");
        DebugfsOracle.assertSame(img, tree, tmp);
        assertThat(tree.get("test-data")).isPresent();
    }

    @Test void emulatorHelloExt2WithDoubleIndirectFile(@TempDir Path tmp) throws Exception {
        Path img = Fixtures.path("cartesi-hello.ext2");
        try (Ext2Reader r = Ext2Reader.open(img)) {
            assertThat(r.revision()).isEqualTo(0);
            assertThat(r.blockSize()).isEqualTo(1024);
        }
        FileTree tree = Ext2Reader.read(img, "hello");
        DebugfsOracle.assertSame(img, tree, tmp);
        assertThat(tree.get("hello-rust").orElseThrow().size()).isEqualTo(412064);
        assertThat(tree.get("hello.rs").orElseThrow().uid()).isEqualTo(1000);
    }

    @ParameterizedTest @ValueSource(ints = {1024, 2048, 4096})
    void genext2fsImages(int blockSize, @TempDir Path tmp) throws Exception {
        Path img = Tools.genext2fs(src, tmp.resolve("g.img"), blockSize, (16 << 20) / blockSize, devTable);
        FileTree tree = Ext2Reader.read(img, "g");
        DebugfsOracle.assertSame(img, tree, tmp);
        assertThat(tree.get("slow-link").orElseThrow().linkTarget()).isEqualTo("a/b/c/d/" + "x".repeat(90));
        assertThat(tree.get("fast-link").orElseThrow().linkTarget()).isEqualTo("hello.txt");
        FileTree.Node big = tree.get("dev/big").orElseThrow();
        assertThat(new int[] {big.devMajor(), big.devMinor()}).containsExactly(254, 200);
        assertThat(tree.get("owned").orElseThrow()).extracting(FileTree.Node::uid, FileTree.Node::gid, FileTree.Node::mode)
                .containsExactly(1000L, 1001L, 0750);
        assertThat(tree.get("docs/\u00fcn\u00efc\u00f6d\u00e9.txt")).isPresent();
    }

    @ParameterizedTest @ValueSource(ints = {1024, 2048, 4096})
    void mke2fsImages(int blockSize, @TempDir Path tmp) throws Exception {
        Path img = Tools.mke2fs(src, tmp.resolve("m.img"), blockSize, 24 << 20);
        assertThat(Tools.ok("dumpe2fs", "-h", img.toString())).contains("filetype").contains("dir_index");
        FileTree tree = Ext2Reader.read(img, "m");
        DebugfsOracle.assertSame(img, tree, tmp);
        // the canonically first name of a hard-linked inode is the file, the others link to it
        assertThat(tree.get("docs/hardlink").orElseThrow().type()).isEqualTo(FileTree.Type.FILE);
        assertThat(tree.get("hello.txt").orElseThrow().linkTarget()).isEqualTo("docs/hardlink");
    }

    /** A sparse 70 MiB file with data at its end needs the triple indirect block at 1 KiB blocks. */
    @Test void tripleIndirectSparseFile(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("sparse");
        Files.createDirectories(dir);
        try (RandomAccessFile raf = new RandomAccessFile(dir.resolve("holey").toFile(), "rw")) {
            raf.setLength(70L << 20);
            raf.seek((70L << 20) - 5);
            raf.write("tail\n".getBytes(StandardCharsets.US_ASCII));
            raf.seek(20L << 20);
            raf.write("middle".getBytes(StandardCharsets.US_ASCII));
        }
        Path img = Tools.mke2fs(dir, tmp.resolve("t.img"), 1024, 80L << 20);
        assertThat(Tools.debugfs(img, "stat /holey")).contains("(TIND)");
        FileTree tree = Ext2Reader.read(img, "t");
        DebugfsOracle.assertSame(img, tree, tmp);
    }

    @Test void e2lsAgrees(@TempDir Path tmp) throws Exception {
        Path img = Tools.genext2fs(src, tmp.resolve("g.img"), 1024, 16384, devTable);
        FileTree tree = Ext2Reader.read(img, "g");
        String ls = Tools.ok("e2ls", "-l", img + ":/bin");
        for (FileTree.Node n : tree.children("bin")) {
            assertThat(ls).containsPattern("\\s" + n.size() + "\\s.*\\s" + n.name() + "\\n");
        }
    }

    @Test void contentsAreReadLazilyAfterTheReaderIsClosed(@TempDir Path tmp) throws Exception {
        Path img = Tools.genext2fs(src, tmp.resolve("g.img"), 4096, 4096, null);
        FileTree tree;
        try (Ext2Reader r = Ext2Reader.open(img)) {
            tree = r.readTree("g");
        }
        try (var in = tree.get("a/b/c/d/deep").orElseThrow().content().open()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("deep");
        }
    }

    // ------------------------------------------------------------------ hostile and unsupported images

    private static Path small(Path tmp) throws IOException {
        Path dir = tmp.resolve("s");
        Tools.write(dir.resolve("big"), new byte[300_000]);
        Tools.write(dir.resolve("sub/abcdefgh"), "x".getBytes(StandardCharsets.UTF_8));
        Tools.write(dir.resolve("sub/inner/file"), "y".getBytes(StandardCharsets.UTF_8));
        return Tools.genext2fs(dir, tmp.resolve("h.img"), 1024, 2048, null);
    }

    private static void hostile(Path img, String message) {
        assertThatThrownBy(() -> Ext2Reader.read(img, "h")).isInstanceOf(CartiException.class)
                .hasMessageContaining("ext2 image " + img).hasMessageContaining(message);
    }

    @Test void loopInABlockMap(@TempDir Path tmp) throws IOException {
        Path img = small(tmp);
        String ind = Tools.debugfs(img, "stat /big").replaceAll("(?s).*?\\(IND\\):(\\d+).*", "$1");
        Tools.ok("debugfs", "-w", "-R", "sif /big block[DIND] " + ind, img.toString());
        hostile(img, "the block map of 'big' loops");
    }

    @Test void blockPastTheEnd(@TempDir Path tmp) throws IOException {
        Path img = small(tmp);
        Tools.ok("debugfs", "-w", "-R", "sif /big block[2] 999999", img.toString());
        hostile(img, "'big' points to block 999999, past the end of the image");
    }

    @Test void sizePastTheEnd(@TempDir Path tmp) throws IOException {
        Path img = small(tmp);
        Tools.ok("debugfs", "-w", "-R", "sif /big size 0x7fffffffff", img.toString());
        hostile(img, "'big' claims 549755813887 bytes, more than the whole image");
    }

    @Test void nameWithASlash(@TempDir Path tmp) throws IOException {
        Path img = small(tmp);
        patch(img, "abcdefgh", "abc/efgh");
        hostile(img, "holds an invalid name 'abc/efgh'");
    }

    @Test void directoryLoop(@TempDir Path tmp) throws IOException {
        Path img = small(tmp);
        Tools.ok("debugfs", "-w", "-R", "ln /sub /sub/inner/back", img.toString());
        hostile(img, "directory loop");
    }

    @Test void truncatedImage(@TempDir Path tmp) throws IOException {
        Path img = small(tmp);
        try (RandomAccessFile raf = new RandomAccessFile(img.toFile(), "rw")) { raf.setLength(100_000); }
        hostile(img, "truncated");
    }

    @Test void notAnExt2Image(@TempDir Path tmp) throws IOException {
        Path img = tmp.resolve("random.bin");
        Files.write(img, bytes(new Random(1), 8192));
        hostile(img, "not an ext2 filesystem");
    }

    @Test void ext4FeaturesAreRefusedByName(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("e");
        Tools.write(dir.resolve("f"), "x".getBytes(StandardCharsets.UTF_8));
        Path img = tmp.resolve("e4.img");
        try (RandomAccessFile raf = new RandomAccessFile(img.toFile(), "rw")) { raf.setLength(8 << 20); }
        Tools.ok("mke2fs", "-q", "-F", "-t", "ext4", "-O", "^has_journal", "-d", dir.toString(), img.toString());
        hostile(img, "extents");
    }

    private static void patch(Path img, String from, String to) throws IOException {
        byte[] all = Files.readAllBytes(img); // test images are small
        byte[] f = from.getBytes(StandardCharsets.US_ASCII);
        int at = -1;
        for (int i = 0; i + f.length <= all.length && at < 0; i++) {
            if (java.util.Arrays.equals(all, i, i + f.length, f, 0, f.length)) at = i;
        }
        assertThat(at).as("'%s' in the image", from).isNotNegative();
        System.arraycopy(to.getBytes(StandardCharsets.US_ASCII), 0, all, at, f.length);
        Files.write(img, all);
    }
}
