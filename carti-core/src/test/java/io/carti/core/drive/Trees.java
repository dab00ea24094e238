package io.carti.core.drive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Test helpers: a FileTree from a host directory, and a structural comparison of two trees. */
final class Trees {
    private Trees() {}

    /** Files, directories and symlinks of {@code dir} (uid/gid forced to the given values), contents read lazily. */
    static FileTree fromDirectory(Path dir, String origin, long uid, long gid) throws IOException {
        FileTree t = new FileTree();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted((a, b) -> FileTree.CANONICAL.compare(rel(dir, a), rel(dir, b))).toList()) {
                String rel = rel(dir, p);
                if (rel.isEmpty()) continue;
                int mode = mode(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                if (Files.isSymbolicLink(p)) {
                    t.put(new FileTree.Node(rel, FileTree.Type.SYMLINK, 0777, uid, gid, 0, null, Files.readSymbolicLink(p).toString(), 0, 0, origin));
                } else if (Files.isDirectory(p)) {
                    t.put(new FileTree.Node(rel, FileTree.Type.DIR, mode, uid, gid, 0, null, null, 0, 0, origin));
                } else {
                    t.put(new FileTree.Node(rel, FileTree.Type.FILE, mode, uid, gid, Files.size(p), () -> Files.newInputStream(p), null, 0, 0, origin));
                }
            }
        }
        return t;
    }

    private static String rel(Path dir, Path p) { return dir.relativize(p).toString(); }

    private static int mode(Set<PosixFilePermission> perms) {
        int m = 0;
        for (PosixFilePermission p : perms) m |= 1 << (8 - p.ordinal());
        return m;
    }

    /** Everything but origins and content sources: path → "type mode uid gid size link dev sha256". */
    static Map<String, String> describe(FileTree t) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (FileTree.Node n : t.nodes()) {
            String sha = n.type() == FileTree.Type.FILE ? DebugfsOracle.sha256(n.content() == null ? InputStreamOfNothing.get() : n.content().open()) : "";
            out.put(n.path(), n.type() + " " + Integer.toOctalString(n.mode()) + " " + n.uid() + ":" + n.gid() + " "
                    + (n.type() == FileTree.Type.FILE ? n.size() : 0) + " " + n.linkTarget() + " " + n.devMajor() + "," + n.devMinor() + " " + sha);
        }
        return out;
    }

    static void assertSameTree(FileTree actual, FileTree expected) throws IOException {
        assertThat(describe(actual)).isEqualTo(describe(expected));
    }

    private static final class InputStreamOfNothing {
        static java.io.InputStream get() { return java.io.InputStream.nullInputStream(); }
    }
}
