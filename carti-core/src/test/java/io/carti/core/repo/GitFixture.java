package io.carti.core.repo;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real git repositories for tests, made with the {@code git} command line, and a real {@code git daemon} serving
 * them on 127.0.0.1.
 */
public final class GitFixture {
    private GitFixture() {}

    /** Runs git in {@code dir}; fails the test on a non-zero exit. Returns stdout, trimmed. */
    public static String git(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=carti-test", "-c", "user.email=test@carti.invalid",
                "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + out);
            return out.trim();
        } catch (IOException e) {
            throw new IllegalStateException("git is required by this test (apt-get install git)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A new work tree at {@code dir} whose first commit on {@code main} holds {@code bundlesJson}. */
    public static Path repo(Path dir, String bundlesJson) throws IOException {
        Files.createDirectories(dir);
        git(dir, "init", "-q");
        commit(dir, bundlesJson, "first listing");
        return dir;
    }

    /** Commits a new bundles.json on the current branch; returns the commit id. */
    public static String commit(Path dir, String bundlesJson, String message) throws IOException {
        Files.writeString(dir.resolve("bundles.json"), bundlesJson);
        git(dir, "add", "bundles.json");
        git(dir, "commit", "-q", "-m", message);
        return git(dir, "rev-parse", "HEAD");
    }

    /** A bare clone of {@code src} at {@code dest}. */
    public static Path bareClone(Path src, Path dest) {
        git(src.getParent(), "clone", "-q", "--bare", src.toString(), dest.toString());
        return dest;
    }

    /** {@code git daemon} exporting every repository under {@code base}, on a free port of 127.0.0.1. */
    public static final class Daemon implements AutoCloseable {
        private final Process process;
        private final int port;

        public Daemon(Path base) throws IOException, InterruptedException {
            int p;
            try (ServerSocket s = new ServerSocket(0)) { p = s.getLocalPort(); }
            port = p;
            process = new ProcessBuilder("git", "daemon", "--reuseaddr", "--export-all", "--listen=127.0.0.1", "--port=" + port,
                    "--base-path=" + base, base.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                    return;
                } catch (IOException notYet) {
                    if (!process.isAlive()) throw new IllegalStateException("git daemon exited with " + process.exitValue());
                    Thread.sleep(50);
                }
            }
            close();
            throw new IllegalStateException("git daemon did not start on port " + port);
        }

        public String url(String repo) { return "git://127.0.0.1:" + port + "/" + repo; }

        @Override public void close() { stop(process); }
    }

    /** Stops a server process started by a test: politely, then by force after 5 s. */
    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
