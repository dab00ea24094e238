package io.carti.core.drive;

import io.carti.core.CartiException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a {@link FileTree} as the canonical tar of the ecosystem doc §2.7, the input that makes genext2fs
 * produce the same image bytes everywhere:
 * <ul>
 *   <li>entries depth-first, children sorted by raw UTF-8 bytes, {@code ./} first, a directory before its contents;</li>
 *   <li>GNU long-name headers, never pax headers (no atime/ctime; no locale-dependent name conversion);</li>
 *   <li>mtime 0, numeric uid/gid as in the tree, empty uname/gname, permission bits and device numbers kept;</li>
 *   <li>of a set of hard-linked names, the canonically first is written as the file and the others link to it.</li>
 * </ul>
 * Names are {@code ./path}, directories end with {@code /}. The same tree always gives the same bytes.
 */
public final class CanonicalTar {
    private CanonicalTar() {}

    /** Writes the tar to {@code file} (replacing it). */
    public static void write(FileTree tree, Path file) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            write(tree, out);
        } catch (IOException e) {
            throw new CartiException("cannot write tar " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the tar to a stream (not closed). */
    public static void write(FileTree tree, OutputStream out) throws IOException {
        Map<String, String> leaderOf = hardLinkLeaders(tree);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, 10240, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
        tar.setAddPaxHeadersForNonAsciiNames(false);
        for (FileTree.Node n : tree.nodes()) {
            FileTree.Node data = n; // whose inode data (content, mode, owner) this entry carries
            String leader = null;
            if (n.type() == FileTree.Type.HARDLINK) {
                data = tree.get(n.linkTarget()).orElseThrow();
                leader = leaderOf.get(n.linkTarget());
            } else if (n.type() == FileTree.Type.FILE && leaderOf.containsKey(n.path())) {
                leader = leaderOf.get(n.path());
            }
            if (leader != null && !leader.equals(n.path())) {
                TarArchiveEntry e = entry(n.path(), TarConstants.LF_LINK, data);
                e.setLinkName(name(leader));
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
                continue;
            }
            switch (n.type()) {
                case DIR -> {
                    tar.putArchiveEntry(entry(n.path().isEmpty() ? "" : n.path(), TarConstants.LF_DIR, n));
                    tar.closeArchiveEntry();
                }
                case FILE, HARDLINK -> writeFile(tar, n.path(), data);
                case SYMLINK -> {
                    TarArchiveEntry e = entry(n.path(), TarConstants.LF_SYMLINK, n);
                    e.setLinkName(n.linkTarget());
                    tar.putArchiveEntry(e);
                    tar.closeArchiveEntry();
                }
                case CHAR_DEVICE, BLOCK_DEVICE -> {
                    TarArchiveEntry e = entry(n.path(), n.type() == FileTree.Type.CHAR_DEVICE ? TarConstants.LF_CHR : TarConstants.LF_BLK, n);
                    e.setDevMajor(n.devMajor());
                    e.setDevMinor(n.devMinor());
                    tar.putArchiveEntry(e);
                    tar.closeArchiveEntry();
                }
                case FIFO -> {
                    tar.putArchiveEntry(entry(n.path(), TarConstants.LF_FIFO, n));
                    tar.closeArchiveEntry();
                }
            }
        }
        tar.finish();
        tar.flush();
    }

    private static void writeFile(TarArchiveOutputStream tar, String path, FileTree.Node data) throws IOException {
        TarArchiveEntry e = entry(path, TarConstants.LF_NORMAL, data);
        e.setSize(data.size());
        tar.putArchiveEntry(e);
        long copied = 0;
        if (data.size() > 0 && data.content() == null) throw new CartiException("'" + path + "' from " + data.origin() + " has no content source");
        if (data.content() != null) { // opened for empty files too: one that grew is an error, as in Ext2Writer
            try (InputStream in = data.content().open()) {
                byte[] buf = new byte[1 << 16];
                int r;
                while (copied < data.size() && (r = in.read(buf, 0, (int) Math.min(buf.length, data.size() - copied))) > 0) {
                    tar.write(buf, 0, r);
                    copied += r;
                }
                if (copied == data.size() && in.read() >= 0) copied++;
            }
        }
        if (copied != data.size()) {
            throw new CartiException("'" + path + "' from " + data.origin() + " changed while it was being read: expected "
                    + data.size() + " bytes");
        }
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry entry(String path, byte linkFlag, FileTree.Node meta) {
        TarArchiveEntry e = new TarArchiveEntry(name(path), linkFlag, true);
        if (linkFlag == TarConstants.LF_DIR && !e.getName().endsWith("/")) e.setName(e.getName() + "/");
        e.setMode(meta.mode() & 07777);
        e.setModTime(0);
        e.setUserId(meta.uid());
        e.setGroupId(meta.gid());
        e.setUserName("");
        e.setGroupName("");
        return e;
    }

    private static String name(String path) { return path.isEmpty() ? "./" : "./" + path; }

    /**
     * For every file that has hard links: file path → the canonically first name of its link set (the name that
     * the tar writes as the file, so a link never precedes its target).
     */
    static Map<String, String> hardLinkLeaders(FileTree tree) {
        Map<String, String> leader = new HashMap<>();
        for (FileTree.Node n : tree.nodes()) { // canonical order: the first member seen leads
            if (n.type() != FileTree.Type.HARDLINK) continue;
            FileTree.Node target = tree.get(n.linkTarget()).orElse(null);
            if (target == null || target.type() != FileTree.Type.FILE) {
                throw new CartiException(CartiException.Kind.INVALID_INPUT, "hard link '" + n.path() + "' from " + n.origin()
                        + " points to '" + n.linkTarget() + "', which is not a regular file in the tree");
            }
            String first = FileTree.CANONICAL.compare(n.path(), target.path()) < 0 ? n.path() : target.path();
            leader.merge(target.path(), first, (a, b) -> FileTree.CANONICAL.compare(a, b) <= 0 ? a : b);
        }
        return leader;
    }
}
