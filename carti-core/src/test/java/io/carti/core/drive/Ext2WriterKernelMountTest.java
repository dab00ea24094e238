package io.carti.core.drive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The strongest reader of an ext2 image is the Linux kernel that will boot from it. Where this process may
 * loop-mount (root with loop devices, as on a CI VM), the built-in writer's image is mounted read-only and every
 * entry is compared with the tree through the kernel's eyes. Elsewhere (containers without loop devices) the test is
 * skipped and says why; e2fsck and debugfs check the same images in {@link Ext2WriterTest} everywhere.
 */
class Ext2WriterKernelMountTest {
    @TempDir Path tmp;

    @Test void theKernelMountsTheImageAndSeesTheTree() throws Exception {
        FileTree t = Ext2ImageBuilderTest.richTree();
        Path img = tmp.resolve("rich.ext2");
        Ext2Writer.plan(t, null).writeHashed(img);
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        Tools.Result mount = Tools.run(null, null, "mount", "-o", "loop,ro", img.toString(), mnt.toString());
        Assumptions.assumeTrue(mount.exit() == 0, "cannot loop-mount here: " + mount.out().strip());
        try {
            for (FileTree.Node n : t.nodes()) {
                if (n.path().isEmpty()) continue;
                Path p = mnt.resolve(n.path());
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                @SuppressWarnings("unchecked")
                Map<String, Object> unix = Files.readAttributes(p, "unix:mode,uid,gid,ino,nlink,rdev", LinkOption.NOFOLLOW_LINKS);
                FileTree.Node data = n.type() == FileTree.Type.HARDLINK ? t.get(n.linkTarget()).orElseThrow() : n;
                assertThat((int) unix.get("mode") & 07777).as("mode of %s", n.path()).isEqualTo(data.mode() & 07777);
                assertThat(((Number) unix.get("uid")).longValue()).as("uid of %s", n.path()).isEqualTo(data.uid());
                assertThat(((Number) unix.get("gid")).longValue()).as("gid of %s", n.path()).isEqualTo(data.gid());
                switch (n.type()) {
                    case DIR -> assertThat(a.isDirectory()).isTrue();
                    case FILE, HARDLINK -> {
                        assertThat(a.isRegularFile()).as("%s is a file", n.path()).isTrue();
                        try (var in = data.content().open()) {
                            assertThat(Files.readAllBytes(p)).as("bytes of %s", n.path()).isEqualTo(in.readAllBytes());
                        }
                        if (n.type() == FileTree.Type.HARDLINK) {
                            assertThat(unix.get("ino")).as("inode of %s", n.path())
                                    .isEqualTo(Files.getAttribute(mnt.resolve(n.linkTarget()), "unix:ino", LinkOption.NOFOLLOW_LINKS));
                        }
                    }
                    case SYMLINK -> assertThat(Files.readSymbolicLink(p).toString()).as("target of %s", n.path()).isEqualTo(n.linkTarget());
                    case CHAR_DEVICE, BLOCK_DEVICE -> {
                        long rdev = ((Number) unix.get("rdev")).longValue(); // glibc's encoding of major:minor
                        long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & 0xfffff000L);
                        long minor = (rdev & 0xff) | ((rdev >>> 12) & 0xffffff00L);
                        assertThat(new long[] {major, minor}).as("device of %s", n.path()).containsExactly(n.devMajor(), n.devMinor());
                    }
                    case FIFO -> assertThat(a.isOther()).isTrue();
                }
            }
            assertThat(Files.readString(mnt.resolve("etc/aa-link"), StandardCharsets.UTF_8)).isEqualTo("linked bytes\n");
        } finally {
            Process u = new ProcessBuilder("umount", mnt.toString()).redirectErrorStream(true).start();
            u.getInputStream().readAllBytes();
            u.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
