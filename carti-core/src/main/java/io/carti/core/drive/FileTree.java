package io.carti.core.drive;

import io.carti.core.CartiException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A filesystem tree in memory (metadata only; file bytes stay on disk behind {@link ContentSource}), shared by
 * drive composition (ext2 bundles merged) and OCI import (layers flattened). Iteration is in canonical order:
 * depth-first, each directory's children sorted by raw UTF-8 bytes, a directory before its contents; that is
 * the order the canonical tar (and so the ext2 image) uses.
 */
public final class FileTree {
    public enum Type { FILE, DIR, SYMLINK, HARDLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO }

    /** Opens a file's bytes (a file extracted to a temp dir, a range of an ext2 image, …). */
    @FunctionalInterface
    public interface ContentSource {
        InputStream open() throws IOException;
    }

    /**
     * One entry. {@code path} is relative, '/'-separated, without leading or trailing slash; "" is the root.
     * {@code mode} holds the permission bits (07777). For HARDLINK, {@code linkTarget} is the path of the file it
     * links to (which must be a FILE in the tree); for SYMLINK it is the link text. {@code origin} names where the
     * entry came from (a bundle, an image layer) for error messages.
     */
    public record Node(String path, Type type, int mode, long uid, long gid, long size, ContentSource content,
                       String linkTarget, int devMajor, int devMinor, String origin) {
        public String name() {
            int i = path.lastIndexOf('/');
            return i < 0 ? path : path.substring(i + 1);
        }

        public String parent() {
            int i = path.lastIndexOf('/');
            return i < 0 ? "" : path.substring(0, i);
        }
    }

    /** Component-wise order with raw UTF-8 byte comparison: depth-first, sorted children. */
    public static final Comparator<String> CANONICAL = FileTree::compareCanonical;

    private final TreeMap<String, Node> nodes = new TreeMap<>(CANONICAL);

    public FileTree() {
        nodes.put("", new Node("", Type.DIR, 0755, 0, 0, 0, null, null, 0, 0, "root"));
    }

    /** Normalises a path from a tar/ext2 entry ("./a//b/" → "a/b") and rejects escapes ("..", absolute after ..). */
    public static String normalize(String raw) {
        String p = raw.replace('\\', '/');
        List<String> parts = new ArrayList<>();
        for (String s : p.split("/")) {
            if (s.isEmpty() || s.equals(".")) continue;
            if (s.equals("..")) throw new CartiException(CartiException.Kind.INVALID_INPUT, "path '" + raw + "' escapes the root");
            if (s.indexOf('\0') >= 0) throw new CartiException(CartiException.Kind.INVALID_INPUT, "path '" + raw + "' contains NUL");
            parts.add(s);
        }
        return String.join("/", parts);
    }

    public Optional<Node> get(String path) { return Optional.ofNullable(nodes.get(path)); }

    public boolean contains(String path) { return nodes.containsKey(path); }

    /** Adds or replaces an entry. Its parent directory must exist. */
    public void put(Node n) {
        if (!n.path().isEmpty()) {
            Node parent = nodes.get(n.parent());
            if (parent == null || parent.type() != Type.DIR) {
                throw new CartiException(CartiException.Kind.INVALID_INPUT,
                        "'" + n.path() + "' from " + n.origin() + " has no parent directory '" + n.parent() + "'");
            }
        }
        nodes.put(n.path(), n);
    }

    /** Removes an entry and, for a directory, everything below it. */
    public void remove(String path) {
        if (path.isEmpty()) {
            nodes.keySet().removeIf(k -> !k.isEmpty());
            return;
        }
        nodes.remove(path);
        nodes.keySet().removeIf(k -> k.startsWith(path + "/"));
    }

    /** The direct children of a directory, in canonical order. */
    public List<Node> children(String dir) {
        List<Node> out = new ArrayList<>();
        String prefix = dir.isEmpty() ? "" : dir + "/";
        // in canonical order a directory's descendants directly follow it
        for (Node n : nodes.tailMap(dir, false).values()) {
            if (!n.path().startsWith(prefix)) break;
            if (n.parent().equals(dir)) out.add(n);
        }
        return out;
    }

    /** Every entry, root first, in canonical (depth-first, byte-sorted) order. */
    public Collection<Node> nodes() { return nodes.values(); }

    public int size() { return nodes.size(); }

    /**
     * Compares component by component, each by raw UTF-8 bytes, without splitting or encoding (the tree sorts on
     * every insertion): UTF-8 byte order is code point order, and comparing whole paths with '/' ranked below every
     * other character is the same as comparing their components in turn (a component that is a prefix of another
     * ends first). Names never hold NUL, so nothing else ranks that low.
     */
    static int compareCanonical(String a, String b) {
        int i = 0, j = 0, n = a.length(), m = b.length();
        while (i < n && j < m) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) return Integer.compare(x == '/' ? -1 : x, y == '/' ? -1 : y);
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(n - i, m - j);
    }
}
