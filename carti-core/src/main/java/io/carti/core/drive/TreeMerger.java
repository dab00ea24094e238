package io.carti.core.drive;

import io.carti.core.CartiException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Collections;

/**
 * Merges several trees into one, in input order.
 * <ul>
 *   <li>{@link Policy#MERGE}: the same path in two inputs must be the same thing (type, mode, owner, and content,
 *   link target or device numbers; a hard link and a separate file differ). Directories with the same metadata
 *   merge. Anything else is an error naming the path and both inputs. The result does not depend on input order.</li>
 *   <li>{@link Policy#OVERLAY}: a later input replaces what an earlier one has at the same path (a file replacing
 *   a directory removes that directory's contents), like layers of a container image.</li>
 * </ul>
 * The root of the result is {@code 0755 root:root}. An empty top-level {@code lost+found} (filesystem
 * bookkeeping, not content) is dropped from every input.
 */
public final class TreeMerger {
    public enum Policy {
        MERGE("merge"), OVERLAY("overlay");

        private final String json;

        Policy(String json) { this.json = json; }

        public String json() { return json; }

        public static Policy parse(String s) {
            for (Policy p : values()) if (p.json.equals(s)) return p;
            throw new CartiException(CartiException.Kind.INVALID_INPUT, "unknown merge policy '" + s + "' (expected merge or overlay)");
        }
    }

    private final Policy policy;
    private final FileTree result = new FileTree();
    // overlay bookkeeping: the hard links each original target had, and the targets that were replaced
    private final Map<FileTree.Node, List<FileTree.Node>> linksOf = new IdentityHashMap<>();
    private final Set<FileTree.Node> displaced = Collections.newSetFromMap(new IdentityHashMap<>());

    private TreeMerger(Policy policy) { this.policy = policy; }

    /** Merges {@code trees} in order (each node's {@code origin} names its input in errors). */
    public static FileTree merge(List<FileTree> trees, Policy policy) {
        TreeMerger m = new TreeMerger(policy);
        for (FileTree t : trees) m.add(t);
        m.relinkDisplacedTargets();
        return m.result;
    }

    private void add(FileTree tree) {
        for (FileTree.Node n : tree.nodes()) {
            if (n.path().isEmpty() || isEmptyLostFound(tree, n)) continue;
            if (n.type() == FileTree.Type.HARDLINK) {
                FileTree.Node target = tree.get(n.linkTarget()).orElseThrow(() -> new CartiException(CartiException.Kind.INVALID_INPUT,
                        "hard link '" + n.path() + "' in " + n.origin() + " points to a missing file '" + n.linkTarget() + "'"));
                linksOf.computeIfAbsent(target, k -> new ArrayList<>()).add(n);
            }
            FileTree.Node existing = result.get(n.path()).orElse(null);
            if (existing == null) {
                result.put(n);
                continue;
            }
            String difference = difference(existing, n, tree);
            if (difference == null) continue;
            if (policy == Policy.MERGE) {
                throw new CartiException(CartiException.Kind.INVALID_INPUT, "conflict at '" + n.path() + "': " + existing.origin()
                        + " and " + n.origin() + " have " + difference + " (use the overlay policy, --overlay, to let later inputs win)");
            }
            if (existing.type() == FileTree.Type.DIR && n.type() == FileTree.Type.DIR) {
                result.put(n); // new metadata, same contents
            } else {
                for (FileTree.Node gone : result.nodes()) {
                    if (gone.path().equals(n.path()) || gone.path().startsWith(n.path() + "/")) displaced.add(gone);
                }
                result.remove(n.path());
                result.put(n);
            }
        }
    }

    private static boolean isEmptyLostFound(FileTree tree, FileTree.Node n) {
        return n.path().equals("lost+found") && n.type() == FileTree.Type.DIR && tree.children("lost+found").isEmpty();
    }

    /** Null when {@code a} (already merged) and {@code b} (from {@code bTree}) are the same; else what differs. */
    private String difference(FileTree.Node a, FileTree.Node b, FileTree bTree) {
        if (a.type() != b.type()) return "different types (" + kind(a) + " and " + kind(b) + ")";
        if (a.mode() != b.mode() || a.uid() != b.uid() || a.gid() != b.gid()) {
            return "different metadata (mode " + Integer.toOctalString(a.mode()) + " " + a.uid() + ":" + a.gid() + " and "
                    + Integer.toOctalString(b.mode()) + " " + b.uid() + ":" + b.gid() + ")";
        }
        return switch (a.type()) {
            case DIR, FIFO -> null;
            case SYMLINK -> a.linkTarget().equals(b.linkTarget()) ? null : "different link targets ('" + a.linkTarget() + "' and '" + b.linkTarget() + "')";
            case CHAR_DEVICE, BLOCK_DEVICE -> a.devMajor() == b.devMajor() && a.devMinor() == b.devMinor() ? null : "different device numbers";
            case HARDLINK -> a.linkTarget().equals(b.linkTarget()) ? null : "hard links to different files";
            case FILE -> sameBytes(a, b) ? null : "different content";
        };
    }

    private static String kind(FileTree.Node n) {
        return switch (n.type()) {
            case FILE -> "a file";
            case DIR -> "a directory";
            case SYMLINK -> "a symlink";
            case HARDLINK -> "a hard link";
            case CHAR_DEVICE -> "a character device";
            case BLOCK_DEVICE -> "a block device";
            case FIFO -> "a fifo";
        };
    }

    private static boolean sameBytes(FileTree.Node a, FileTree.Node b) {
        if (a.size() != b.size()) return false;
        if (a.size() == 0) return true;
        try (InputStream x = a.content().open(); InputStream y = b.content().open()) {
            byte[] bx = new byte[1 << 16], by = new byte[1 << 16];
            while (true) {
                int nx = x.readNBytes(bx, 0, bx.length), ny = y.readNBytes(by, 0, by.length);
                if (nx != ny || !java.util.Arrays.equals(bx, 0, nx, by, 0, ny)) return false;
                if (nx < bx.length) return true;
            }
        } catch (IOException e) {
            throw new CartiException("cannot compare '" + a.path() + "' of " + a.origin() + " and " + b.origin() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Overlay only: a file replaced by a later input may still have hard links from its own input. Those names keep
     * the old bytes (as an overlay filesystem would): the canonically first surviving link becomes the file and the
     * others link to it.
     */
    private void relinkDisplacedTargets() {
        for (Map.Entry<FileTree.Node, List<FileTree.Node>> e : linksOf.entrySet()) {
            FileTree.Node target = e.getKey();
            if (!displaced.contains(target)) continue;
            List<String> surviving = new ArrayList<>();
            for (FileTree.Node link : e.getValue()) {
                if (result.get(link.path()).orElse(null) == link) surviving.add(link.path());
            }
            surviving.sort(FileTree.CANONICAL);
            String leader = null;
            for (String p : surviving) {
                if (leader == null) {
                    leader = p;
                    result.put(new FileTree.Node(p, FileTree.Type.FILE, target.mode(), target.uid(), target.gid(), target.size(),
                            target.content(), null, 0, 0, target.origin()));
                } else {
                    result.put(new FileTree.Node(p, FileTree.Type.HARDLINK, target.mode(), target.uid(), target.gid(), 0, null,
                            leader, 0, 0, target.origin()));
                }
            }
        }
    }
}
