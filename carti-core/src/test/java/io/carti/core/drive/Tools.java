package io.carti.core.drive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the real e2fsprogs / genext2fs tools for the drive tests; a missing tool fails the test (CI has them). */
final class Tools {
    private Tools() {}

    record Result(int exit, String out) {}

    static Result run(Path cwd, Map<String, String> env, String... cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            if (cwd != null) pb.directory(cwd.toFile());
            String path = pb.environment().getOrDefault("PATH", "/usr/bin:/bin");
            pb.environment().put("PATH", path + ":/usr/sbin:/sbin");
            if (env != null) pb.environment().putAll(env);
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            return new Result(p.waitFor(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd[0] + " (install it: scripts/install-test-deps): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String ok(String... cmd) {
        Result r = run(null, null, cmd);
        if (r.exit() != 0) throw new AssertionError(String.join(" ", cmd) + " failed (" + r.exit() + "): " + r.out());
        return r.out();
    }

    /** {@code debugfs -R <request> image}, without the version banner. */
    static String debugfs(Path image, String request) {
        String out = ok("debugfs", "-R", request, image.toString());
        StringBuilder sb = new StringBuilder();
        for (String line : out.split("\n", -1)) if (!line.startsWith("debugfs ")) sb.append(line).append('\n');
        return sb.toString();
    }

    /** genext2fs from a directory (and an optional device table), with the given block size and count. */
    static Path genext2fs(Path src, Path out, int blockSize, int blocks, Path devTable) {
        List<String> cmd = new ArrayList<>(List.of("genext2fs", "-B", "" + blockSize, "-b", "" + blocks, "-N", "128", "-d", src.toString()));
        if (devTable != null) cmd.addAll(List.of("-D", devTable.toString()));
        cmd.add(out.toString());
        ok(cmd.toArray(String[]::new));
        return out;
    }

    /** mke2fs -t ext2 -d: rev 1, filetype, dir_index, sparse_super, large_file, 256-byte inodes. */
    static Path mke2fs(Path src, Path out, int blockSize, long bytes) throws IOException {
        try (var raf = new java.io.RandomAccessFile(out.toFile(), "rw")) { raf.setLength(bytes); }
        ok("mke2fs", "-q", "-F", "-t", "ext2", "-b", "" + blockSize, "-N", "256", "-d", src.toString(), out.toString());
        return out;
    }

    static void e2fsckClean(Path image) {
        Result r = run(null, null, "e2fsck", "-fn", image.toString());
        if (r.exit() != 0) throw new AssertionError("e2fsck -fn " + image + " is not clean (" + r.exit() + "):\n" + r.out());
    }

    static void write(Path p, byte[] b) throws IOException {
        Files.createDirectories(p.getParent());
        Files.write(p, b);
    }
}
