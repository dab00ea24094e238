package io.carti.core.oci;

import io.carti.core.CartiException;
import io.carti.core.drive.FileTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Resolves an image config's {@code User} ({@code name}, {@code uid}, {@code name:group}, {@code uid:gid}) against the image's /etc/passwd and /etc/group. */
public final class Users {
    /** The ids a process runs as, and the home directory /etc/passwd gives the user (null when it does not list it). */
    public record Ids(long uid, long gid, String home) {}

    private Users() {}

    /**
     * As runc's libcontainer (and so Docker and umoci) resolves it: a name must be in /etc/passwd; a numeric uid
     * takes its passwd entry's group, or gid 0 when passwd does not list it.
     */
    public static Ids resolve(String user, FileTree tree) {
        String u = user == null || user.isEmpty() ? "0" : user;
        String g = null;
        int colon = u.indexOf(':');
        if (colon >= 0) {
            g = u.substring(colon + 1);
            u = u.substring(0, colon);
        }
        Optional<String[]> pw;
        long uid;
        if (u.matches("\\d+")) {
            uid = Long.parseLong(u);
            pw = lookup(tree, "etc/passwd", 2, uid);
        } else {
            pw = Optional.of(find(tree, "etc/passwd", u).orElseThrow(() -> new CartiException(CartiException.Kind.INVALID_INPUT,
                    "image user '" + user + "' is not in the image's /etc/passwd")));
            uid = Long.parseLong(pw.get()[2]);
        }
        long gid = pw.map(f -> Long.parseLong(f[3])).orElse(0L);
        if (g != null) {
            if (g.matches("\\d+")) gid = Long.parseLong(g);
            else {
                String group = g;
                gid = Long.parseLong(find(tree, "etc/group", g).orElseThrow(() -> new CartiException(CartiException.Kind.INVALID_INPUT,
                        "image group '" + group + "' is not in the image's /etc/group"))[2]);
            }
        }
        return new Ids(uid, gid, pw.filter(f -> f.length > 5 && !f[5].isEmpty()).map(f -> f[5]).orElse(null));
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
