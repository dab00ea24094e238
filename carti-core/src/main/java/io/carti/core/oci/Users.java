package io.carti.core.oci;

import io.carti.core.CartiException;
import io.carti.core.drive.FileTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Resolves an image config's {@code User} ({@code name}, {@code uid}, {@code name:group}, {@code uid:gid}) against the image's /etc/passwd and /etc/group. */
public final class Users {
    public record Ids(long uid, long gid) {}

    private Users() {}

    public static Ids resolve(String user, FileTree tree) {
        if (user == null || user.isEmpty()) return new Ids(0, 0);
        String u = user;
        String g = null;
        int colon = user.indexOf(':');
        if (colon >= 0) {
            u = user.substring(0, colon);
            g = user.substring(colon + 1);
        }
        long uid;
        long gid;
        if (u.matches("\\d+")) {
            uid = Long.parseLong(u);
            gid = lookup(tree, "etc/passwd", 2, uid).map(f -> Long.parseLong(f[3])).orElse(uid == 0 ? 0L : uid);
        } else {
            String[] pw = find(tree, "etc/passwd", u).orElseThrow(() -> new CartiException(CartiException.Kind.INVALID_INPUT,
                    "image user '" + user + "' is not in the image's /etc/passwd"));
            uid = Long.parseLong(pw[2]);
            gid = Long.parseLong(pw[3]);
        }
        if (g != null) {
            if (g.matches("\\d+")) gid = Long.parseLong(g);
            else {
                String group = g;
                gid = Long.parseLong(find(tree, "etc/group", g).orElseThrow(() -> new CartiException(CartiException.Kind.INVALID_INPUT,
                        "image group '" + group + "' is not in the image's /etc/group"))[2]);
            }
        }
        return new Ids(uid, gid);
    }

    private static Optional<String[]> find(FileTree tree, String file, String name) {
        for (String line : lines(tree, file)) {
            String[] f = line.split(":", -1);
            if (f.length >= 4 && f[0].equals(name) && f[2].matches("\\d+") && f[3].matches("\\d*")) return Optional.of(f);
        }
        return Optional.empty();
    }

    private static Optional<String[]> lookup(FileTree tree, String file, int field, long id) {
        for (String line : lines(tree, file)) {
            String[] f = line.split(":", -1);
            if (f.length >= 4 && f[field].equals(Long.toString(id)) && f[3].matches("\\d+")) return Optional.of(f);
        }
        return Optional.empty();
    }

    private static String[] lines(FileTree tree, String file) {
        Optional<FileTree.Node> n = tree.get(file);
        if (n.isEmpty()) return new String[0];
        FileTree.Node node = n.get();
        if (node.type() == FileTree.Type.HARDLINK) node = tree.get(node.linkTarget()).orElse(null);
        if (node == null || node.type() != FileTree.Type.FILE || node.size() > (1 << 20)) return new String[0];
        try (InputStream in = node.content().open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
        } catch (IOException e) {
            throw new CartiException("cannot read /" + file + " of the image: " + e.getMessage(), e);
        }
    }
}
