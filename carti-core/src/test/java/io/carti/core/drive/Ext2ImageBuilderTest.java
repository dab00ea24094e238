package io.carti.core.drive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carti.core.CartiException;
import io.carti.core.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CanonicalTar → genext2fs → e2fsck, read back with Ext2Reader; determinism of the bytes. */
class Ext2ImageBuilderTest {
    @TempDir Path tmp;

    private static FileTree.Node file(String path, String text, int mode, long uid) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new FileTree.Node(path, FileTree.Type.FILE, mode, uid, uid, b.length, () -> new java.io.ByteArrayInputStream(b), null, 0, 0, "t");
    }

    private static FileTree.Node dir(String path, int mode) {
        return new FileTree.Node(path, FileTree.Type.DIR, mode, 0, 0, 0, null, null, 0, 0, "t");
    }

    /** Every entry kind, long and UTF-8 names, a hard link named before its target. */
    static FileTree richTree() {
        FileTree t = new FileTree();
        t.put(dir("etc", 0755));
        t.put(file("etc/zz-target", "linked bytes\n", 0640, 1000));
        t.put(new FileTree.Node("etc/aa-link", FileTree.Type.HARDLINK, 0640, 1000, 1000, 0, null, "etc/zz-target", 0, 0, "t"));
        String longDir = "d".repeat(120);
        t.put(dir(longDir, 0700));
        t.put(file(longDir + "/" + "f".repeat(150), "long name\n", 0600, 0));
        t.put(file("\u00e9t\u00e9 \u65e5\u672c.txt", "utf-8\n", 0644, 0));
        t.put(new FileTree.Node("short-link", FileTree.Type.SYMLINK, 0777, 0, 0, 0, null, "etc/zz-target", 0, 0, "t"));
        t.put(new FileTree.Node("long-link", FileTree.Type.SYMLINK, 0777, 0, 0, 0, null, "/" + "l".repeat(140), 0, 0, "t"));
        t.put(dir("dev", 0755));
        t.put(new FileTree.Node("dev/null", FileTree.Type.CHAR_DEVICE, 0666, 0, 0, 0, null, null, 1, 3, "t"));
        t.put(new FileTree.Node("dev/sda", FileTree.Type.BLOCK_DEVICE, 0660, 0, 6, 0, null, null, 8, 0, "t"));
        t.put(new FileTree.Node("fifo", FileTree.Type.FIFO, 0644, 0, 0, 0, null, null, 0, 0, "t"));
        byte[] big = new byte[6 << 20];
        new Random(3).nextBytes(big);
        t.put(new FileTree.Node("big.bin", FileTree.Type.FILE, 0755, 0, 0, big.length, () -> new java.io.ByteArrayInputStream(big), null, 0, 0, "t"));
        t.put(file("setuid", "#!/bin/sh\n", 04755, 0));
        return t;
    }

    @Test void roundTripIsCleanAndReadsBackEqual() throws IOException {
        FileTree t = richTree();
        Ext2ImageBuilder builder = new Ext2ImageBuilder(null);
        Ext2ImageBuilder.Image img = builder.build(t, tmp.resolve("out.ext2"), null);
        Tools.e2fsckClean(img.file());
        assertThat(img.bytes() % 4096).isZero();
        assertThat(builder.toolVersion()).startsWith("genext2fs");
        FileTree back = Ext2Reader.read(img.file(), "back");
        // the link named first carries the file; the other name links to it
        FileTree expected = richTree();
        expected.put(file("etc/aa-link", "linked bytes\n", 0640, 1000));
        expected.put(new FileTree.Node("etc/zz-target", FileTree.Type.HARDLINK, 0640, 1000, 1000, 0, null, "etc/aa-link", 0, 0, "t"));
        Trees.assertSameTree(back, expected);
        String fs = Tools.ok("dumpe2fs", "-h", img.file().toString());
        assertThat(fs).contains("Filesystem features:      (none)").contains("Block size:               4096");
        assertThat(Tools.debugfs(img.file(), "ls /")).doesNotContain("lost+found");
    }

    @Test void sameTreeGivesTheSameBytes() throws IOException {
        Path a = new Ext2ImageBuilder(null).build(richTree(), tmp.resolve("a.ext2"), null).file();
        Path b = new Ext2ImageBuilder(null).build(richTree(), tmp.resolve("b.ext2"), null).file();
        assertThat(Files.mismatch(a, b)).isEqualTo(-1);
    }

    /** Host directories with different mtimes (and atimes) give the same image: the tar carries mtime 0 only. */
    @Test void sourceTimesDoNotMatter() throws IOException {
        Path one = tmp.resolve("one"), two = tmp.resolve("two");
        for (Path d : new Path[] {one, two}) {
            Tools.write(d.resolve("x/y.txt"), "same\n".getBytes(StandardCharsets.UTF_8));
            Tools.write(d.resolve("z.bin"), new byte[10000]);
        }
        Files.setLastModifiedTime(one.resolve("z.bin"), FileTime.fromMillis(0));
        Files.setLastModifiedTime(two.resolve("x/y.txt"), FileTime.fromMillis(1_700_000_000_000L));
        Path a = new Ext2ImageBuilder(null).build(Trees.fromDirectory(one, "one", 0, 0), tmp.resolve("a.ext2"), null).file();
        Path b = new Ext2ImageBuilder(null).build(Trees.fromDirectory(two, "two", 0, 0), tmp.resolve("b.ext2"), null).file();
        assertThat(Files.mismatch(a, b)).isEqualTo(-1);
    }

    /** The tar itself: ./ first, mtime 0, empty owner names, no pax headers; GNU tar lists it in canonical order. */
    @Test void canonicalTarFormat() throws IOException {
        Path tar = tmp.resolve("c.tar");
        CanonicalTar.write(richTree(), tar);
        byte[] bytes = Files.readAllBytes(tar);
        assertThat(bytes[156]).as("first typeflag").isEqualTo((byte) '5');
        assertThat(new String(bytes, 0, 2, StandardCharsets.US_ASCII)).isEqualTo("./");
        int headers = 0;
        for (int off = 0; off + 512 <= bytes.length && bytes[off] != 0; headers++) { // walk the headers, skipping data
            assertThat(bytes[off + 156]).as("no pax header at %d", off).isNotIn((byte) 'x', (byte) 'g');
            assertThat(new String(bytes, off + 265, 64, StandardCharsets.US_ASCII).replace("\0", "")).as("uname/gname").isEmpty();
            long size = Long.parseLong(new String(bytes, off + 124, 11, StandardCharsets.US_ASCII).trim(), 8);
            off += 512 + (int) ((size + 511) / 512 * 512);
        }
        assertThat(headers).isGreaterThan(richTree().size());
        String listing = Tools.ok("tar", "--numeric-owner", "--utc", "-tvf", tar.toString());
        assertThat(listing.lines().map(l -> l.replaceAll(".* 1970-01-01 00:00 ", "")).toList()).startsWith(
                "./", "./big.bin", "./d" + "d".repeat(119) + "/", "./d" + "d".repeat(119) + "/" + "f".repeat(150), "./dev/");
        assertThat(listing.lines().allMatch(l -> l.contains(" 1970-01-01 00:00 "))).isTrue();
        assertThat(listing).contains("./etc/zz-target link to ./etc/aa-link");
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        CanonicalTar.write(richTree(), again);
        assertThat(again.toByteArray()).isEqualTo(bytes);
    }

    @Test void explicitSize() throws IOException {
        Ext2ImageBuilder.Image img = new Ext2ImageBuilder(null).build(richTree(), tmp.resolve("s.ext2"), 32L << 20);
        assertThat(Files.size(img.file())).isEqualTo(32L << 20);
        Tools.e2fsckClean(img.file());
        assertThatThrownBy(() -> new Ext2ImageBuilder(null).build(richTree(), tmp.resolve("t.ext2"), 1L << 20))
                .isInstanceOf(CartiException.class).hasMessageContaining("the requested size 1048576 bytes is too small")
                .hasMessageContaining("need at least");
        assertThatThrownBy(() -> new Ext2ImageBuilder(null).build(richTree(), tmp.resolve("t.ext2"), 5000L))
                .hasMessageContaining("multiple of 4096");
    }

    /** The minimum the sizing computes is really enough (genext2fs accepts it without retries). */
    @Test void minimumSizeIsEnough() throws IOException {
        FileTree t = Ext2Reader.read(Fixtures.path("cartesi-hello.ext2"), "hello");
        long min = Ext2ImageBuilder.measure(t).minimumBlocks() * 4096;
        Ext2ImageBuilder.Image img = new Ext2ImageBuilder(null).build(t, tmp.resolve("min.ext2"), min);
        Tools.e2fsckClean(img.file());
        Trees.assertSameTree(Ext2Reader.read(img.file(), "x"), t);
    }

    /** A source failing in the middle of the stream is the error reported (genext2fs is stopped). */
    @Test void aFailingSourceIsTheError() {
        FileTree t = richTree();
        t.put(new FileTree.Node("short", FileTree.Type.FILE, 0644, 0, 0, 1 << 20, () -> new java.io.ByteArrayInputStream(new byte[10]), null, 0, 0, "bundle x"));
        assertThatThrownBy(() -> new Ext2ImageBuilder(null).build(t, tmp.resolve("f.ext2"), null))
                .isInstanceOf(CartiException.class).hasMessage("'short' from bundle x changed while it was being read: expected 1048576 bytes");
    }

    /** An empty file whose source has bytes after all changed too; the canonical tar says so before genext2fs runs. */
    @Test void anEmptyFileThatGrewIsTheError() {
        FileTree t = new FileTree();
        t.put(new FileTree.Node("grew", FileTree.Type.FILE, 0644, 0, 0, 0, () -> new java.io.ByteArrayInputStream(new byte[1]), null, 0, 0, "bundle x"));
        assertThatThrownBy(() -> CanonicalTar.write(t, new ByteArrayOutputStream()))
                .isInstanceOf(CartiException.class).hasMessage("'grew' from bundle x changed while it was being read: expected 0 bytes");
    }

    /**
     * genext2fs cuts a uid to 16 bits and a device number to 8+8 bits without a word (debugfs shows it on the tar
     * the host engine would feed it), so the host engine refuses such entries by name; the built-in writer keeps them.
     */
    @Test void whatGenext2fsWouldTruncateIsRefusedByTheHostEngine() throws IOException {
        FileTree owned = new FileTree();
        owned.put(new FileTree.Node("f", FileTree.Type.FILE, 0644, 100000, 70000, 0, null, null, 0, 0, "bundle x"));
        FileTree device = new FileTree();
        device.put(new FileTree.Node("sdt", FileTree.Type.BLOCK_DEVICE, 0660, 0, 0, 0, null, null, 8, 300, "bundle y"));

        Path tar = tmp.resolve("owned.tar");
        CanonicalTar.write(owned, tar);
        Tools.ok("genext2fs", "-B", "4096", "-b", "64", "-a", tar.toString(), tmp.resolve("owned.ext2").toString());
        assertThat(Tools.debugfs(tmp.resolve("owned.ext2"), "stat /f")).contains("User: 34464").contains("Group:  4464");
        Path devTar = tmp.resolve("device.tar");
        CanonicalTar.write(device, devTar);
        Tools.ok("genext2fs", "-B", "4096", "-b", "64", "-a", devTar.toString(), tmp.resolve("device.ext2").toString());
        assertThat(Tools.debugfs(tmp.resolve("device.ext2"), "stat /sdt")).contains("08:44");

        assertThatThrownBy(() -> new Ext2ImageBuilder(null).build(owned, tmp.resolve("o.ext2"), null))
                .isInstanceOf(CartiException.class)
                .hasMessage("'f' from bundle x is owned by 100000:70000, and genext2fs keeps only 16 bits of a uid or gid"
                        + " (engine host); use --engine builtin, which writes it exactly");
        assertThatThrownBy(() -> new Ext2ImageBuilder(null).build(device, tmp.resolve("d.ext2"), null))
                .isInstanceOf(CartiException.class).hasMessageStartingWith("'sdt' from bundle y is device 8:300,");
        assertThat(tmp.resolve("o.ext2")).doesNotExist();
        assertThat(tmp.resolve("d.ext2")).doesNotExist();

        Path exact = tmp.resolve("exact.ext2");
        new Ext2ImageBuilder(null, Ext2ImageBuilder.Engine.BUILTIN).build(owned, exact, null);
        assertThat(Tools.debugfs(exact, "stat /f")).contains("User: 100000").contains("Group: 70000");
    }

    @Test void missingGenext2fsSaysHowToInstallIt() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty-path"));
        assertThatThrownBy(() -> new Ext2ImageBuilder(empty.toString()).build(richTree(), tmp.resolve("x.ext2"), null))
                .isInstanceOf(CartiException.class).hasMessageContaining("genext2fs is not installed")
                .hasMessageContaining("apt-get install genext2fs");
        assertThat(tmp.resolve("x.ext2")).doesNotExist();
    }

    @Test void indirectBlockArithmetic() {
        assertThat(Ext2ImageBuilder.withIndirect(12)).isEqualTo(12);
        assertThat(Ext2ImageBuilder.withIndirect(13)).isEqualTo(14);
        assertThat(Ext2ImageBuilder.withIndirect(12 + 1024)).isEqualTo(12 + 1024 + 1);
        assertThat(Ext2ImageBuilder.withIndirect(12 + 1024 + 1)).isEqualTo(12 + 1024 + 1 + 1 + 1 + 1);
    }
}
