package io.carti.core.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.carti.core.drive.FileTree;
import io.carti.core.drive.FileTree.Node;
import io.carti.core.drive.FileTree.Type;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java flattener against {@code umoci raw unpack} on the same image, file by file. */
class FlattenVsUmociTest {
    @TempDir Path tmp;

    /** What either side says about one path. */
    record Seen(String type, int mode, long uid, long gid, long size, String sha256, String link) {}

    @Test
    void flattenedTreeMatchesUmoci() throws Exception {
        TestImages.layout(tmp.resolve("img"), "v1", new TestImages.Config(), TestImages.richImage());
        // umoci 0.4.7 cannot read zstd: it gets the same layers (same diff_ids) with zstd swapped for gzip
        java.util.List<TestImages.LayerSpec> gzipOnly = TestImages.richImage().stream()
                .map(l -> l.compression() == TestImages.Compression.ZSTD ? new TestImages.LayerSpec(TestImages.Compression.GZIP, l.entries()) : l)
                .toList();
        TestImages.layout(tmp.resolve("img-gz"), "v1", new TestImages.Config(), gzipOnly);
        TestImages.run(tmp, "umoci", "raw", "unpack", "--rootless", "--image", tmp.resolve("img-gz") + ":v1", tmp.resolve("umoci").toString());

        Map<String, Seen> ours = flatten(tmp.resolve("img"));
        Map<String, Seen> theirs = fromDisk(tmp.resolve("umoci"));
        assertSame(ours, theirs);
        // the cases the image was built for
        assertThat(ours).doesNotContainKeys("remove-me", "var/cache/a", "opt/old/x", "etc/passwd");
        assertThat(ours.get("usr/lib/libfoo.so").type()).isEqualTo("file");
        assertThat(ours.get("bin/ls").size()).isEqualTo(300_000);
        assertThat(ours.get("etc/up").link()).isEqualTo("../../../../outside");
        assertThat(theirs.get("home/user/.profile").uid()).isEqualTo(1000);
    }

    /**
     * Entries written through symlinks that point out of the root land inside it (clamped at /, as umoci's
     * securejoin does); an entry at a symlink's own path replaces the link, never what it points to.
     */
    @Test
    void writesThroughEscapingSymlinksStayInsideTheRoot() throws Exception {
        java.util.List<TestImages.LayerSpec> layers = java.util.List.of(
                TestImages.layer(TestImages.Compression.GZIP,
                        TestImages.dir("etc", 0755), TestImages.file("etc/passwd", 0644, "root"),
                        TestImages.symlink("etc/up", "../../../../outside"), TestImages.symlink("abs", "/etc"),
                        TestImages.symlink("passwd-link", "/etc/passwd"), TestImages.symlink("dotdot", "..")),
                TestImages.layer(TestImages.Compression.NONE,
                        TestImages.file("etc/up/x", 0644, "through up"),
                        TestImages.file("abs/y", 0600, "through abs"),
                        TestImages.file("passwd-link", 0644, "replaces the link"),
                        TestImages.file("dotdot/z", 0644, "through dotdot")));
        TestImages.layout(tmp.resolve("esc"), "v1", new TestImages.Config(), layers);
        TestImages.run(tmp, "umoci", "raw", "unpack", "--rootless", "--image", tmp.resolve("esc") + ":v1", tmp.resolve("umoci-esc").toString());
        Map<String, Seen> ours = flatten(tmp.resolve("esc"));
        assertSame(ours, fromDisk(tmp.resolve("umoci-esc")));
        assertThat(ours.get("etc/passwd").sha256()).isEqualTo(sha256(new java.io.ByteArrayInputStream("root".getBytes())));
        assertThat(ours.get("passwd-link").type()).isEqualTo("file");
        assertThat(ours).containsKeys("outside/x", "etc/y", "z").doesNotContainKeys("etc/up/x", "abs/y", "dotdot/z");
        assertThat(ours.get("etc/up").type()).isEqualTo("symlink");
        assertThat(tmp.resolve("outside")).doesNotExist();
    }

    private Map<String, Seen> flatten(Path layout) throws IOException {
        Path work = Files.createDirectories(tmp.resolve("work-" + layout.getFileName()));
        ResolvedImage img = new OciLayoutDir(layout, "v1").resolve(Platform.RISCV64);
        return fromTree(new LayerFlattener(work, LayerFlattener.DEFAULT_MAX_BYTES).flatten(img.layers()));
    }

    private static void assertSame(Map<String, Seen> ours, Map<String, Seen> theirs) {
        assertThat(ours.keySet()).containsExactlyElementsOf(theirs.keySet());
        for (String p : ours.keySet()) assertThat(ours.get(p)).as(p).isEqualTo(theirs.get(p));
    }

    private static Map<String, Seen> fromTree(FileTree tree) throws IOException {
        Map<String, Seen> m = new TreeMap<>();
        for (Node n : tree.nodes()) {
            if (n.path().isEmpty()) continue;
            Node data = n.type() == Type.HARDLINK ? tree.get(n.linkTarget()).orElseThrow() : n;
            String type = switch (data.type()) {
                case FILE -> "file";
                case DIR -> "dir";
                case SYMLINK -> "symlink";
                case FIFO -> "fifo";
                default -> data.type().name();
            };
            String sha = null;
            if (data.type() == Type.FILE) try (InputStream in = data.content().open()) { sha = sha256(in); }
            m.put(n.path(), new Seen(type, data.mode(), data.uid(), data.gid(), data.type() == Type.FILE ? data.size() : 0, sha,
                    data.type() == Type.SYMLINK ? data.linkTarget() : null));
        }
        return m;
    }

    private static Map<String, Seen> fromDisk(Path root) throws IOException {
        Map<String, Seen> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.equals(root)) continue;
                String rel = root.relativize(p).toString();
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) a.get("mode");
                String type = switch (mode & 0170000) {
                    case 0100000 -> "file";
                    case 0040000 -> "dir";
                    case 0120000 -> "symlink";
                    case 0010000 -> "fifo";
                    default -> "other";
                };
                String sha = null;
                if (type.equals("file")) try (InputStream in = Files.newInputStream(p)) { sha = sha256(in); }
                m.put(rel, new Seen(type, type.equals("symlink") ? 0777 : mode & 07777, owner(p, (Integer) a.get("uid"), "uid"),
                        owner(p, (Integer) a.get("gid"), "gid"), type.equals("file") ? (Long) a.get("size") : 0, sha,
                        type.equals("symlink") ? Files.readSymbolicLink(p).toString() : null));
            }
        }
        return m;
    }

    /** Rootless umoci keeps the image's owner in a user.rootlesscontainers xattr; without one the owner is root. */
    private static long owner(Path p, int onDisk, String which) throws IOException {
        return RootlessXattr.read(p).map(o -> which.equals("uid") ? o[0] : o[1]).orElse(0L);
    }

    static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
