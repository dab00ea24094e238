package io.carti.core.drive;

import io.carti.core.CartiException;
import io.carti.core.cid.Cid;
import io.carti.core.cid.CidHasher;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Builds a deterministic ext2 image from a {@link FileTree}: the tree's {@link CanonicalTar} goes through
 * {@code genext2fs -f -m 0 -B 4096 -b <blocks> -N <inodes> -a <tar> <out>} (ecosystem doc §2.1, §2.7) under
 * {@code LC_ALL=C.UTF-8}, {@code TZ=UTC}, {@code SOURCE_DATE_EPOCH=0} and umask 022, then {@code e2fsck -fn} must
 * find it clean. genext2fs makes no UUID, hash seed or lost+found with these flags, so the image is a pure
 * function of the tree and the size; Debian's genext2fs 1.5.0 and Cartesi's xgenext2fs 1.5.6 give the same bytes.
 *
 * <p>Size: by default the blocks the contents need ({@link Sizing}: data, indirect and directory blocks, inode
 * tables, per-group metadata) plus headroom of 5% of the data or 1 MiB, whichever is larger; or an explicit size
 * in bytes (a multiple of 4096), refused when it is too small. Typical use (the OCI importer does this too):
 * <pre>{@code
 *   Ext2ImageBuilder.Image img = new Ext2ImageBuilder(null).build(tree, out, null);
 * }</pre>
 */
public final class Ext2ImageBuilder {
    public static final int BLOCK = 4096;
    public static final String INSTALL_HINT = "install it with 'sudo apt-get install genext2fs' (Debian/Ubuntu)";
    private static final int FIRST_INODE = 11;
    private static final int INODE_SIZE = 128;
    private static final long BLOCKS_PER_GROUP = 8L * BLOCK;
    private static final long MIN_HEADROOM = (1 << 20) / BLOCK;
    private static final int RETRIES = 4;

    /** What writes the image: genext2fs on this host or inside the Cartesi machine, or carti's own {@link Ext2Writer}. */
    public enum Engine {
        HOST("host"), EMULATOR("emulator"), BUILTIN("builtin");

        private final String json;

        Engine(String json) { this.json = json; }

        public String json() { return json; }

        public static Engine parse(String s) {
            for (Engine e : values()) if (e.json.equals(s)) return e;
            throw new CartiException(CartiException.Kind.INVALID_INPUT, "unknown engine '" + s + "' (expected host, emulator or builtin)");
        }
    }

    private final String searchPath;
    private final Engine engine;
    private HostTool genext2fs;
    private HostTool emulator;
    private String toolVersion;

    /** @param searchPath where to look for genext2fs and e2fsck (a PATH string); null means this process's PATH */
    public Ext2ImageBuilder(String searchPath) { this(searchPath, Engine.HOST); }

    /**
     * With {@link Engine#EMULATOR}, genext2fs runs inside the Cartesi machine ({@code cartesi-machine} on the
     * search path, emulator 0.16+ with a rootfs holding genext2fs): the tar is flash drive 1, the image flash drive 2.
     */
    public Ext2ImageBuilder(String searchPath, Engine engine) {
        this.searchPath = searchPath;
        this.engine = engine;
    }

    /** The image written: its file, byte length and geometry ({@link #toolVersion()} names the tool that made it). */
    public record Image(Path file, long bytes, long blocks, long inodes) {}

    /**
     * What a tree needs on a 4 KiB-block genext2fs filesystem: blocks for file data, indirect blocks, slow
     * symlinks and directories; and inodes (hard links share one).
     */
    public record Sizing(long contentBlocks, long inodes) {
        /** Blocks including per-group metadata for {@code freeBlocks} of headroom. */
        public long totalBlocks(long freeBlocks) {
            long blocks = contentBlocks + freeBlocks + 8;
            while (true) {
                long groups = (blocks + BLOCKS_PER_GROUP - 1) / BLOCKS_PER_GROUP;
                long perGroupInodes = roundUp((inodes + groups - 1) / groups, BLOCK / INODE_SIZE);
                long gdt = (groups * 32 + BLOCK - 1) / BLOCK;
                long overhead = groups * (1 + gdt + 2 + perGroupInodes * INODE_SIZE / BLOCK);
                long need = contentBlocks + freeBlocks + overhead;
                if (need <= blocks) return blocks;
                blocks = need;
            }
        }

        /** The smallest image that holds the contents. */
        public long minimumBlocks() { return totalBlocks(0); }

        /** The default: contents plus 5% or 1 MiB of free space, whichever is larger. */
        public long defaultBlocks() { return totalBlocks(Math.max(MIN_HEADROOM, contentBlocks / 20)); }
    }

    /** Measures what {@code tree} needs. */
    public static Sizing measure(FileTree tree) {
        long blocks = 0, inodes = FIRST_INODE; // inodes 1..10 are reserved; the root is 2
        for (FileTree.Node n : tree.nodes()) {
            switch (n.type()) {
                case FILE -> blocks += withIndirect((n.size() + BLOCK - 1) / BLOCK);
                case SYMLINK -> blocks += n.linkTarget().getBytes(StandardCharsets.UTF_8).length >= 60 ? 1 : 0;
                case DIR -> blocks += withIndirect(directoryBlocks(tree, n.path()));
                default -> { }
            }
            if (n.type() != FileTree.Type.HARDLINK && !n.path().isEmpty()) inodes++;
        }
        long headroom = Math.max(16, (inodes - FIRST_INODE) / 10);
        return new Sizing(blocks, inodes + headroom);
    }

    /** Data blocks plus the indirect blocks that map them (12 direct pointers, 1024 per indirect block). */
    static long withIndirect(long data) {
        long p = BLOCK / 4, extra = 0, rest = data - 12;
        if (rest <= 0) return data;
        extra += 1; // single indirect
        rest -= p;
        if (rest > 0) {
            long ind = Math.min((rest + p - 1) / p, p);
            extra += 1 + ind; // double indirect
            rest -= p * p;
        }
        if (rest > 0) {
            long ind = (rest + p - 1) / p;
            extra += 1 + (ind + p - 1) / p + ind; // triple indirect
        }
        return data + extra;
    }

    /** Blocks of a directory when its entries are packed in order (what genext2fs does): an upper bound. */
    private static long directoryBlocks(FileTree tree, String dir) {
        long blocks = 1;
        int used = 24; // "." and ".."
        for (FileTree.Node c : tree.children(dir)) {
            int rec = (8 + c.name().getBytes(StandardCharsets.UTF_8).length + 3) & ~3;
            if (used + rec > BLOCK) {
                blocks++;
                used = 0;
            }
            used += rec;
        }
        return blocks;
    }

    private static long roundUp(long v, long m) { return (v + m - 1) / m * m; }

    /** Fails with a clear error, without running anything, when the tool {@link #build} needs is not installed. */
    public void requireTool() {
        if (engine != Engine.BUILTIN) tool();
    }

    /**
     * The genext2fs found and its version, as recorded in composition results. Probed on first call only (two
     * process starts, one of them dpkg-query): a build that records no version (oci import) skips them.
     */
    public synchronized String toolVersion() {
        if (engine == Engine.BUILTIN) return "carti's ext2 writer (" + Ext2Writer.FORMAT + ")";
        HostTool t = tool();
        if (toolVersion == null) {
            if (engine == Engine.EMULATOR) {
                String v = t.run(Path.of("/"), "--version").output().lines().findFirst().orElse("").trim();
                toolVersion = "genext2fs in " + (v.isEmpty() ? "cartesi-machine" : v);
            } else {
                HostTool.Run v = t.run(Path.of("/"), "--version");
                String version = v.output().lines().findFirst().orElse("genext2fs").trim();
                String pkg = HostTool.find("dpkg-query", searchPath, false)
                        .map(d -> d.run(Path.of("/"), "-W", "-f", "${Version}", "genext2fs"))
                        .filter(r -> r.exit() == 0 && !r.output().isBlank()).map(HostTool.Run::output).orElse(null);
                toolVersion = pkg == null ? version : version + " (Debian package " + pkg + ")";
            }
        }
        return toolVersion;
    }

    private synchronized HostTool tool() {
        if (engine == Engine.EMULATOR) {
            if (emulator == null) {
                emulator = HostTool.find("cartesi-machine", searchPath, false).orElseThrow(() -> new CartiException(CartiException.Kind.NOT_FOUND,
                        "the emulator engine needs cartesi-machine on PATH (install the Cartesi machine emulator), or use the host engine"));
            }
            return emulator;
        }
        if (genext2fs == null) {
            genext2fs = HostTool.find("genext2fs", searchPath, false).orElseThrow(() -> new CartiException(CartiException.Kind.NOT_FOUND,
                    "genext2fs is not installed (needed to build ext2 drives); " + INSTALL_HINT));
        }
        return genext2fs;
    }

    /**
     * Writes the image of {@code tree} to {@code out} (replaced). The canonical tar streams into genext2fs's standard
     * input (with the emulator engine it is a temporary file next to {@code out}).
     *
     * @param sizeBytes the image size in bytes (a multiple of 4096), or null to compute it
     */
    public Image build(FileTree tree, Path out, Long sizeBytes) {
        return build(tree, out, sizeBytes, image -> image);
    }

    /**
     * Like {@link #build}, and runs {@code alongsideCheck} on the finished image while {@code e2fsck -fn} checks it
     * (e.g. hashing it: the check reads metadata only, the hash every byte, so the two overlap well). Its result is
     * returned only when the check passed too; when the check fails the caller's result is dropped.
     */
    public <T> T build(FileTree tree, Path out, Long sizeBytes, Function<Image, T> alongsideCheck) {
        if (engine == Engine.BUILTIN) {
            Ext2Writer w = Ext2Writer.plan(tree, sizeBytes);
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
                w.write(o);
            } catch (IOException e) {
                throw new CartiException("cannot write " + out + ": " + e.getMessage(), e);
            }
            return checkAlongside(new Image(out, w.bytes(), w.blocks(), w.inodes()), alongsideCheck);
        }
        tool();
        refuseWhatGenext2fsTruncates(tree);
        Sizing sizing = measure(tree);
        checkSize(sizing, sizeBytes);
        if (engine == Engine.HOST) {
            return generate(sizing, out, sizeBytes, "-", stdin -> CanonicalTar.write(tree, stdin), alongsideCheck);
        }
        Path dir = out.toAbsolutePath().getParent();
        Path tar = null;
        try {
            tar = Files.createTempFile(dir, ".canonical-", ".tar");
            CanonicalTar.write(tree, tar);
            return generate(sizing, out, sizeBytes, tar.toAbsolutePath().toString(), null, alongsideCheck);
        } catch (IOException e) {
            throw new CartiException("cannot write a temporary tar in " + dir + ": " + e.getMessage(), e);
        } finally {
            if (tar != null) try { Files.deleteIfExists(tar); } catch (IOException ignored) { /* best effort */ }
        }
    }

    /**
     * genext2fs (1.5) keeps only the low 16 bits of a uid or gid and 8 bits of a device's major and minor: it would
     * write 100000 as 34464 and 8:300 as 8:44 without a word. The built-in writer has neither limit.
     */
    private void refuseWhatGenext2fsTruncates(FileTree tree) {
        for (FileTree.Node n : tree.nodes()) {
            String what = null;
            if (n.uid() > 0xFFFF || n.gid() > 0xFFFF) {
                what = "is owned by " + n.uid() + ":" + n.gid() + ", and genext2fs keeps only 16 bits of a uid or gid";
            } else if ((n.type() == FileTree.Type.CHAR_DEVICE || n.type() == FileTree.Type.BLOCK_DEVICE)
                    && (n.devMajor() > 0xFF || n.devMinor() > 0xFF)) {
                what = "is device " + n.devMajor() + ":" + n.devMinor() + ", and genext2fs keeps only 8 bits of a major or minor";
            }
            if (what != null) {
                throw new CartiException(CartiException.Kind.INVALID_INPUT, "'" + n.path() + "' from " + n.origin() + " " + what
                        + " (engine " + engine.json() + "); use --engine builtin, which writes it exactly");
            }
        }
    }

    private <T> T generate(Sizing sizing, Path out, Long sizeBytes, String tarArg, HostTool.StdinWriter feed,
                           Function<Image, T> alongsideCheck) {
        HostTool tool = tool();
        checkSize(sizing, sizeBytes);
        long blocks = sizeBytes != null ? sizeBytes / BLOCK : sizing.defaultBlocks();
        long inodes = sizing.inodes();
        Path dir = out.toAbsolutePath().getParent();
        for (int attempt = 0; ; attempt++) {
            HostTool.Run r = engine == Engine.EMULATOR ? runInEmulator(tool, Path.of(tarArg), out, blocks, inodes)
                    : tool.run(dir, feed, "-f", "-m", "0", "-B", "" + BLOCK, "-b", "" + blocks, "-N", "" + inodes,
                    "-a", tarArg, out.toAbsolutePath().toString());
            if (r.exit() == 0) break;
            boolean full = r.output().contains("too few blocks") || r.output().contains("no free space")
                    || r.output().contains("not enough") || r.output().contains("couldn't allocate");
            if (!full) throw new CartiException("genext2fs failed (exit " + r.exit() + "): " + lastLine(r.output()));
            if (sizeBytes != null) {
                throw new CartiException(CartiException.Kind.INVALID_INPUT, "the requested size " + sizeBytes
                        + " bytes is too small for the contents (genext2fs: " + lastLine(r.output()) + ")");
            }
            if (attempt == RETRIES) throw new CartiException("genext2fs ran out of space after " + RETRIES + " retries: " + lastLine(r.output()));
            // deterministic: the same tree always takes the same steps
            blocks += blocks / 4 + 16;
            inodes += inodes / 4 + 16;
        }
        try {
            return checkAlongside(new Image(out, Files.size(out), blocks, inodes), alongsideCheck);
        } catch (IOException e) {
            throw new CartiException("cannot read " + out + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the image of {@code tree} to {@code out} and returns its CID. The built-in writer hashes the image while
     * it writes it (one pass, then e2fsck); genext2fs' image is hashed while e2fsck checks it.
     */
    public Cid buildHashed(FileTree tree, Path out) {
        try {
            if (engine != Engine.BUILTIN) return build(tree, out, null, image -> hash(image.file()));
            Cid cid = Ext2Writer.plan(tree, null).writeHashed(out);
            checkClean(out);
            return cid;
        } catch (IOException e) {
            throw new CartiException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    private static Cid hash(Path file) {
        try {
            return CidHasher.hash(file);
        } catch (IOException e) {
            throw new CartiException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private <T> T checkAlongside(Image image, Function<Image, T> alongsideCheck) {
        Path out = image.file();
        CompletableFuture<Void> check = CompletableFuture.runAsync(() -> checkClean(out), CHECKER);
        T result;
        try {
            result = alongsideCheck.apply(image);
        } finally {
            try {
                check.join(); // also when alongsideCheck failed: e2fsck must be done with the file before anyone deletes it
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException re) throw re;
                throw e;
            }
        }
        return result;
    }

    /** Runs e2fsck's wait on its own thread (a process, so the thread only waits); daemon: never holds up exit. */
    private static final Executor CHECKER = task -> {
        Thread t = new Thread(task, "carti-e2fsck");
        t.setDaemon(true);
        t.start();
    };

    /**
     * The same genext2fs step inside the Cartesi machine: the tar (padded to a page multiple) is flash drive 1 and a
     * zeroed image of the final size is the shared flash drive 2 (emulator 0.16+: {@code /dev/pmem1}, {@code /dev/pmem2}).
     */
    private HostTool.Run runInEmulator(HostTool machine, Path tar, Path out, long blocks, long inodes) {
        Path dir = out.toAbsolutePath().getParent();
        Path padded = dir.resolve(".input-drive.tar");
        try {
            Files.copy(tar, padded, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            try (var raf = new java.io.RandomAccessFile(padded.toFile(), "rw")) { raf.setLength((raf.length() + BLOCK - 1) / BLOCK * BLOCK); }
            Files.deleteIfExists(out);
            try (var raf = new java.io.RandomAccessFile(out.toFile(), "rw")) { raf.setLength(blocks * BLOCK); }
            String cmd = "genext2fs -f -m 0 -B " + BLOCK + " -b " + blocks + " -N " + inodes + " -a /dev/pmem1 /dev/pmem2";
            return machine.run(dir, "--flash-drive=label:input,filename:" + padded.toAbsolutePath(),
                    "--flash-drive=label:output,filename:" + out.toAbsolutePath() + ",shared", "--", cmd);
        } catch (IOException e) {
            throw new CartiException("cannot prepare the emulator drives in " + dir + ": " + e.getMessage(), e);
        } finally {
            try { Files.deleteIfExists(padded); } catch (IOException ignored) { /* best effort */ }
        }
    }

    private static void checkSize(Sizing sizing, Long sizeBytes) {
        if (sizeBytes == null) return;
        if (sizeBytes <= 0 || sizeBytes % BLOCK != 0) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, "the drive size must be a positive multiple of 4096 bytes, not " + sizeBytes);
        }
        long min = sizing.minimumBlocks() * BLOCK;
        if (sizeBytes < min) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, "the requested size " + sizeBytes
                    + " bytes is too small: the contents need at least " + min + " bytes");
        }
    }

    private void checkClean(Path image) {
        HostTool fsck = HostTool.find("e2fsck", searchPath, true).orElse(null);
        if (fsck == null) return; // e2fsprogs is essential on Debian; without it the image is simply not re-checked
        HostTool.Run r = fsck.run(image.toAbsolutePath().getParent(), "-fn", image.toAbsolutePath().toString());
        if (r.exit() != 0) {
            throw new CartiException("genext2fs made an image that e2fsck -fn reports as inconsistent (exit " + r.exit() + "): "
                    + lastLine(r.output()));
        }
    }

    private static String lastLine(String s) {
        String[] lines = s.strip().split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1];
    }
}
