package io.carti.core.drive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The independent oracle for {@link Ext2Reader}: e2fsprogs' {@code debugfs} listing ({@code ls -l -p}, {@code stat})
 * and its {@code rdump} of the file bytes.
 */
final class DebugfsOracle {
    record Listed(long ino, int mode, long uid, long gid, long size) {
        int type() { return mode & 0170000; }
    }

    private DebugfsOracle() {}

    /** Every entry below the root, by path (relative, no leading slash), from {@code ls -l -p} recursively. */
    static Map<String, Listed> list(Path image) {
        Map<String, Listed> out = new TreeMap<>();
        walk(image, "", out);
        return out;
    }

    private static void walk(Path image, String dir, Map<String, Listed> out) {
        String listing = Tools.debugfs(image, "ls -l -p \"/" + dir + "\"");
        for (String line : listing.split("\n")) {
            if (!line.startsWith("/")) continue;
            String body = line.substring(1, line.length() - 1);
            String[] head = body.split("/", 5);
            String rest = head[4];
            int cut = rest.lastIndexOf('/');
            String name = rest.substring(0, cut);
            String size = rest.substring(cut + 1);
            if (name.equals(".") || name.equals("..") || head[0].equals("0")) continue;
            Listed l = new Listed(Long.parseLong(head[0]), Integer.parseInt(head[1], 8), Long.parseLong(head[2]),
                    Long.parseLong(head[3]), size.isEmpty() ? 0 : Long.parseLong(size));
            String path = dir.isEmpty() ? name : dir + "/" + name;
            out.put(path, l);
            if (l.type() == 0040000) walk(image, path, out);
        }
    }

    /** {@code debugfs stat}'s "Device major/minor number: MM:mm" line. */
    static int[] device(Path image, String path) {
        String stat = Tools.debugfs(image, "stat \"/" + path + "\"");
        var m = java.util.regex.Pattern.compile("Device major/minor number: (\\d+):(\\d+)").matcher(stat);
        assertThat(m.find()).as("device line in %s", stat).isTrue();
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    /** Asserts the reader's tree equals debugfs' view of the image: entries, types, modes, owners, sizes, bytes, links. */
    static void assertSame(Path image, FileTree tree, Path scratch) throws Exception {
        Map<String, Listed> expected = list(image);
        Map<String, FileTree.Node> actual = new TreeMap<>();
        for (FileTree.Node n : tree.nodes()) if (!n.path().isEmpty()) actual.put(n.path(), n);
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        Path dump = Files.createTempDirectory(scratch, "rdump");
        Tools.debugfs(image, "rdump / " + dump);
        Map<Long, String> fileOfInode = new TreeMap<>();
        for (var e : expected.entrySet()) {
            String path = e.getKey();
            Listed l = e.getValue();
            FileTree.Node n = actual.get(path);
            assertThat(n.mode()).as("mode of %s", path).isEqualTo(l.mode() & 07777);
            assertThat(n.uid()).as("uid of %s", path).isEqualTo(l.uid());
            assertThat(n.gid()).as("gid of %s", path).isEqualTo(l.gid());
            switch (l.type()) {
                case 0040000 -> assertThat(n.type()).isEqualTo(FileTree.Type.DIR);
                case 0100000 -> {
                    String first = fileOfInode.putIfAbsent(l.ino(), path);
                    if (first == null) {
                        assertThat(n.type()).as("type of %s", path).isEqualTo(FileTree.Type.FILE);
                        assertThat(n.size()).as("size of %s", path).isEqualTo(l.size());
                        assertThat(sha256(n.content().open())).as("bytes of %s", path)
                                .isEqualTo(sha256(Files.newInputStream(dump.resolve(path))));
                    } else {
                        assertThat(n.type()).as("type of %s", path).isEqualTo(FileTree.Type.HARDLINK);
                        assertThat(n.linkTarget()).as("link target of %s", path).isEqualTo(first);
                    }
                }
                case 0120000 -> {
                    assertThat(n.type()).isEqualTo(FileTree.Type.SYMLINK);
                    assertThat(n.linkTarget().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).as("symlink length of %s", path)
                            .isEqualTo((int) l.size());
                }
                case 0020000, 0060000 -> {
                    assertThat(n.type()).isEqualTo(l.type() == 0020000 ? FileTree.Type.CHAR_DEVICE : FileTree.Type.BLOCK_DEVICE);
                    int[] dev = device(image, path);
                    assertThat(new int[] {n.devMajor(), n.devMinor()}).as("device of %s", path).isEqualTo(dev);
                }
                case 0010000 -> assertThat(n.type()).isEqualTo(FileTree.Type.FIFO);
                default -> throw new AssertionError("unexpected type of " + path);
            }
        }
    }

    static String sha256(InputStream in) throws IOException {
        try (in) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
