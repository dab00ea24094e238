package io.carti.core.oci;

import io.carti.core.CartiException;
import io.carti.core.drive.FileTree;
import io.carti.core.drive.FileTree.Node;
import io.carti.core.drive.FileTree.Type;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Applies an image's layers, in order, to an empty tree (image-spec layer.md): whiteouts and opaque
 * directories hide lower layers only; hard links may point into lower layers; symlinks are stored as links and
 * never followed for their own content; paths that would leave the root are refused. File bytes are spilled to
 * one temporary file in {@code workDir} (constant memory; see {@link SpillFile}); the tree holds metadata only, and
 * its content sources read that file, so they work until the flattener is closed.
 */
public final class LayerFlattener implements java.io.Closeable {
    public static final long DEFAULT_MAX_BYTES = 8L << 30;
    /**
     * Entries the tree may hold at once. Its metadata lives on the heap (a few hundred bytes an entry), and a tar
     * header is only 512 bytes, so the byte limit alone would let a bomb of empty files exhaust memory; real root
     * filesystems hold some 10^5 entries.
     */
    public static final int DEFAULT_MAX_ENTRIES = 4 << 20;
    private static final String WH = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final int MAX_SYMLINK_HOPS = 40;

    private final SpillFile spill;
    private final byte[] copyBuffer = new byte[ReadAheadStream.CHUNK];
    private final BoundedDigestStream.Budget budget;
    private final int maxEntries;
    /** Canonical order, so a directory's subtree is one contiguous range. */
    private final TreeMap<String, Node> nodes = new TreeMap<>(FileTree.CANONICAL);
    /** file path → the hard links pointing at it */
    private final Map<String, List<String>> linksTo = new java.util.HashMap<>();

    public LayerFlattener(Path workDir, long maxBytes) { this(workDir, maxBytes, DEFAULT_MAX_ENTRIES); }

    LayerFlattener(Path workDir, long maxBytes, int maxEntries) {
        this.maxEntries = maxEntries;
        try {
            this.spill = new SpillFile(workDir);
        } catch (IOException e) {
            throw new CartiException("cannot create a temporary file in " + workDir + ": " + e.getMessage(), e);
        }
        this.budget = new BoundedDigestStream.Budget(maxBytes);
        nodes.put("", new Node("", Type.DIR, 0755, 0, 0, 0, null, null, 0, 0, "root"));
    }

    /** Applies every layer and returns the flattened tree (hard links canonicalised: the first path holds the data). */
    public FileTree flatten(List<Layer> layers) {
        for (Layer l : layers) apply(l);
        return toTree();
    }

    public void apply(Layer layer) {
        String what = layer.describe();
        BoundedDigestStream plain;
        try {
            plain = new BoundedDigestStream(LayerStreams.open(layer), layer.diffId().algorithm(), budget, what);
        } catch (IOException ex) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, "corrupt " + what + ": " + ex.getMessage(), ex);
        }
        // reading, verifying, inflating and hashing the blob run on another thread, overlapping the tar work here
        try (ReadAheadStream ahead = new ReadAheadStream(plain, "carti-" + what)) {
            TarArchiveInputStream tar = new TarArchiveInputStream(ahead);
            Set<String> added = new HashSet<>();
            TarArchiveEntry e;
            while ((e = nextEntry(tar, what)) != null) applyEntry(e, tar, added, what);
            ahead.transferTo(OutputStream.nullOutputStream()); // the tar's trailing blocks; at the end both digests are known
            Digest diff = Digest.of(layer.diffId().algorithm(), plain.digest());
            if (!diff.equals(layer.diffId())) {
                throw new CartiException(CartiException.Kind.INTEGRITY, what + ": uncompressed content is " + diff + ", but the config's diff_id is " + layer.diffId());
            }
        } catch (IOException ex) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, "corrupt " + what + ": " + ex.getMessage(), ex);
        }
    }

    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar, String what) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (IllegalArgumentException ex) {
            throw new IOException("bad tar header: " + ex.getMessage(), ex);
        }
    }

    private void applyEntry(TarArchiveEntry e, TarArchiveInputStream tar, Set<String> added, String what) throws IOException {
        String path = FileTree.normalize(e.getName());
        if (path.isEmpty()) {
            if (e.isDirectory()) put(dirNode("", e, what));
            return;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        String parent = resolveParent(path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "", what, path);
        if (name.equals(OPAQUE)) {
            hideLower(parent, added, false);
            return;
        }
        if (name.startsWith(WH)) {
            String hidden = name.substring(WH.length());
            if (hidden.isEmpty()) throw new CartiException(CartiException.Kind.INVALID_INPUT, what + ": whiteout '" + e.getName() + "' names nothing");
            if (hidden.startsWith(WH)) return; // other AUFS metadata (.wh..wh.plnk, …) is not content
            hideLower(join(parent, hidden), added, true);
            return;
        }
        String full = join(parent, name);
        ensureParents(parent, what);
        Node n = toNode(full, e, tar, what);
        Node old = nodes.get(full);
        if (old != null && !(old.type() == Type.DIR && n.type() == Type.DIR)) removeSubtree(full);
        if (old == null && nodes.size() >= maxEntries) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, what + ": the image holds more than " + maxEntries
                    + " entries, the import limit (a decompression bomb?)");
        }
        put(n);
        added.add(full);
    }

    private Node toNode(String path, TarArchiveEntry e, TarArchiveInputStream tar, String what) throws IOException {
        int mode = e.getMode() & 07777;
        long uid = e.getLongUserId();
        long gid = e.getLongGroupId();
        if (e.isDirectory()) return dirNode(path, e, what);
        if (e.isSymbolicLink()) {
            return new Node(path, Type.SYMLINK, mode, uid, gid, 0, null, e.getLinkName(), 0, 0, what);
        }
        if (e.isLink()) {
            String target = resolveHardLinkTarget(e.getLinkName(), path, what);
            return new Node(path, Type.HARDLINK, mode, uid, gid, 0, null, target, 0, 0, what);
        }
        if (e.isCharacterDevice() || e.isBlockDevice()) {
            return new Node(path, e.isCharacterDevice() ? Type.CHAR_DEVICE : Type.BLOCK_DEVICE, mode, uid, gid, 0, null, null,
                    e.getDevMajor(), e.getDevMinor(), what);
        }
        if (e.isFIFO()) return new Node(path, Type.FIFO, mode, uid, gid, 0, null, null, 0, 0, what);
        if (e.isFile()) {
            SpillFile.Range data = spill.append(tar, copyBuffer);
            return new Node(path, Type.FILE, mode, uid, gid, data.size, data, null, 0, 0, what);
        }
        throw new CartiException(CartiException.Kind.INVALID_INPUT, what + ": unsupported tar entry type '" + (char) e.getLinkFlag() + "' at " + path);
    }

    private Node dirNode(String path, TarArchiveEntry e, String what) {
        return new Node(path, Type.DIR, e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(), 0, null, null, 0, 0, what);
    }

    /** A hard link names a file by path, maybe from a lower layer; it ends up pointing at the file holding the data. */
    private String resolveHardLinkTarget(String linkName, String path, String what) {
        String t = FileTree.normalize(linkName);
        Node target = nodes.get(t);
        if (target == null) throw new CartiException(CartiException.Kind.INVALID_INPUT, what + ": hard link '" + path + "' points to missing '" + linkName + "'");
        if (target.type() == Type.HARDLINK) return target.linkTarget();
        if (target.type() != Type.FILE) throw new CartiException(CartiException.Kind.INVALID_INPUT, what + ": hard link '" + path + "' points to non-file '" + linkName + "'");
        return t;
    }

    /**
     * The real directory a parent path denotes: symlinks on the way are resolved inside the root (as
     * {@code umoci} and Docker do), clamped at "/" so nothing escapes.
     */
    private String resolveParent(String parent, String what, String entry) {
        Node direct = nodes.get(parent);
        if (direct != null && direct.type() == Type.DIR) return parent;
        List<String> resolved = new ArrayList<>();
        List<String> todo = new ArrayList<>(List.of(parent.isEmpty() ? new String[0] : parent.split("/")));
        int hops = 0;
        while (!todo.isEmpty()) {
            String c = todo.remove(0);
            if (c.isEmpty() || c.equals(".")) continue;
            if (c.equals("..")) {
                if (!resolved.isEmpty()) resolved.remove(resolved.size() - 1);
                continue;
            }
            resolved.add(c);
            Node n = nodes.get(String.join("/", resolved));
            if (n != null && n.type() == Type.SYMLINK) {
                if (++hops > MAX_SYMLINK_HOPS) throw new CartiException(CartiException.Kind.INVALID_INPUT, what + ": too many symlinks under '" + entry + "'");
                resolved.remove(resolved.size() - 1);
                String target = n.linkTarget();
                if (target.startsWith("/")) resolved.clear();
                List<String> expanded = new ArrayList<>(List.of(target.split("/")));
                expanded.addAll(todo);
                todo = expanded;
            } else if (n != null && n.type() != Type.DIR) {
                throw new CartiException(CartiException.Kind.INVALID_INPUT, what + ": '" + entry + "' lies under non-directory '" + n.path() + "'");
            }
        }
        return String.join("/", resolved);
    }

    /** Missing parents are created as 0755 root-owned directories (as tar and umoci do). */
    private void ensureParents(String dir, String what) {
        if (dir.isEmpty() || nodes.containsKey(dir)) return;
        int i = dir.lastIndexOf('/');
        ensureParents(i < 0 ? "" : dir.substring(0, i), what);
        put(new Node(dir, Type.DIR, 0755, 0, 0, 0, null, null, 0, 0, what));
    }

    /**
     * Removes what lower layers put at {@code path} (its subtree, or only its children when {@code includeSelf} is
     * false), sparing what this layer itself added and the directories that lead to it.
     */
    private void hideLower(String path, Set<String> added, boolean includeSelf) {
        Set<String> keep = new HashSet<>();
        for (String a : added) {
            for (String p = a; !p.isEmpty(); p = p.contains("/") ? p.substring(0, p.lastIndexOf('/')) : "") {
                if (!keep.add(p)) break;
            }
        }
        List<String> doomed = new ArrayList<>();
        for (String p : subtree(path).keySet()) {
            if (p.equals(path) && !includeSelf) continue;
            if (!keep.contains(p)) doomed.add(p);
        }
        for (int i = doomed.size() - 1; i >= 0; i--) removeOne(doomed.get(i));
    }

    private NavigableMap<String, Node> subtree(String path) {
        if (path.isEmpty()) return nodes;
        if (!nodes.containsKey(path)) return new TreeMap<>(FileTree.CANONICAL);
        TreeMap<String, Node> out = new TreeMap<>(FileTree.CANONICAL);
        for (Map.Entry<String, Node> en : nodes.tailMap(path, true).entrySet()) {
            String k = en.getKey();
            if (!k.equals(path) && !k.startsWith(path + "/")) break;
            out.put(k, en.getValue());
        }
        return out;
    }

    private void removeSubtree(String path) {
        for (String p : new ArrayList<>(subtree(path).descendingKeySet())) removeOne(p);
    }

    /** Removes one entry; if other paths are hard links to it, the first of them inherits the data. */
    private void removeOne(String path) {
        if (path.isEmpty()) return;
        Node n = nodes.remove(path);
        if (n == null) return;
        if (n.type() == Type.HARDLINK) {
            List<String> l = linksTo.get(n.linkTarget());
            if (l != null) l.remove(path);
            return;
        }
        if (n.type() != Type.FILE) return;
        List<String> links = linksTo.remove(path);
        if (links == null || links.isEmpty()) return; // its bytes stay in the spill file, unused
        String heir = links.remove(0);
        nodes.put(heir, new Node(heir, Type.FILE, n.mode(), n.uid(), n.gid(), n.size(), n.content(), null, 0, 0, n.origin()));
        for (String p : links) {
            Node l = nodes.get(p);
            nodes.put(p, new Node(p, Type.HARDLINK, l.mode(), l.uid(), l.gid(), 0, null, heir, 0, 0, l.origin()));
        }
        linksTo.put(heir, links);
    }

    /** Deletes the spilled file contents; the tree's content sources stop working. */
    @Override public void close() throws IOException { spill.close(); }

    private static String join(String dir, String name) { return dir.isEmpty() ? name : dir + "/" + name; }

    private void put(Node n) {
        nodes.put(n.path(), n);
        if (n.type() == Type.HARDLINK) linksTo.computeIfAbsent(n.linkTarget(), k -> new ArrayList<>()).add(n.path());
    }

    /**
     * Builds the tree. Hard-link groups are rewritten so the path that comes first in canonical order holds the
     * data, because the canonical tar must write a link's target before the link.
     */
    private FileTree toTree() {
        Map<String, String> firstOfGroup = new LinkedHashMap<>();
        for (Node n : nodes.values()) {
            if (n.type() == Type.HARDLINK) firstOfGroup.putIfAbsent(n.linkTarget(), n.path());
        }
        FileTree tree = new FileTree();
        for (Node n : nodes.values()) {
            Node out = n;
            if (n.type() == Type.FILE && firstOfGroup.containsKey(n.path())) {
                String first = firstOfGroup.get(n.path());
                if (FileTree.CANONICAL.compare(first, n.path()) < 0) {
                    out = new Node(n.path(), Type.HARDLINK, n.mode(), n.uid(), n.gid(), 0, null, first, 0, 0, n.origin());
                }
            } else if (n.type() == Type.HARDLINK) {
                Node file = nodes.get(n.linkTarget());
                String first = firstOfGroup.get(n.linkTarget());
                if (first.equals(n.path()) && FileTree.CANONICAL.compare(n.path(), n.linkTarget()) < 0) {
                    out = new Node(n.path(), Type.FILE, file.mode(), file.uid(), file.gid(), file.size(), file.content(), null, 0, 0, file.origin());
                } else if (FileTree.CANONICAL.compare(first, n.linkTarget()) < 0) {
                    out = new Node(n.path(), Type.HARDLINK, n.mode(), n.uid(), n.gid(), 0, null, first, 0, 0, n.origin());
                }
            }
            tree.put(out);
        }
        return tree;
    }
}
