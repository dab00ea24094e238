package io.carti.core.drive;

import io.carti.core.CartiException;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An external program found on a PATH string (the invocation's, so tests can hide a tool), run in a fixed
 * environment: {@code LC_ALL=C.UTF-8}, {@code TZ=UTC}, {@code SOURCE_DATE_EPOCH=0}, umask 022, nothing inherited
 * that could change its output.
 */
final class HostTool {
    private final Path exe;

    private HostTool(Path exe) { this.exe = exe; }

    Path path() { return exe; }

    /** Looks {@code name} up in {@code searchPath} (colon-separated; null means this process's PATH). */
    static Optional<HostTool> find(String name, String searchPath, boolean alsoSbin) {
        String sp = searchPath != null ? searchPath : System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        List<String> dirs = new ArrayList<>(List.of(sp.split(":")));
        if (alsoSbin) dirs.addAll(List.of("/usr/sbin", "/sbin"));
        for (String d : dirs) {
            if (d.isEmpty()) continue;
            Path p = Path.of(d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(new HostTool(p));
        }
        return Optional.empty();
    }

    record Run(int exit, String output) {}

    /** Writes a tool's standard input. */
    @FunctionalInterface
    interface StdinWriter {
        void write(OutputStream stdin) throws IOException;
    }

    /** Runs the tool with {@code args} in {@code dir}; stdout and stderr are merged and returned. */
    Run run(Path dir, String... args) { return run(dir, null, args); }

    /**
     * Like {@link #run(Path, String...)}, streaming {@code feed} into the tool's standard input while its output is
     * drained on another thread. A failure of the feed itself (not a closed pipe) kills the tool and is rethrown.
     */
    Run run(Path dir, StdinWriter feed, String... args) {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "umask 022 && exec \"$0\" \"$@\"", exe.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/bin:/bin:/usr/sbin:/sbin");
        env.put("LC_ALL", "C.UTF-8");
        env.put("TZ", "UTC");
        env.put("SOURCE_DATE_EPOCH", "0");
        Process p = null;
        try {
            p = pb.start();
            Process proc = p;
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            Thread drain = new Thread(() -> {
                try (InputStream in = proc.getInputStream()) {
                    in.transferTo(output);
                } catch (IOException ignored) { /* the process died; its exit code tells */ }
            }, "drain-" + exe.getFileName());
            drain.start();
            PipeStream pipe = new PipeStream(p.getOutputStream());
            try (pipe) {
                if (feed != null) feed.write(pipe);
            } catch (IOException e) {
                if (!pipe.broken) throw e; // a source failed, not the pipe: that is the real error
            }
            drain.join();
            return new Run(p.waitFor(), output.toString(StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            if (p != null) p.destroyForcibly();
            throw new CartiException("cannot run " + exe + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (p != null) p.destroyForcibly();
            throw e;
        } catch (InterruptedException e) {
            if (p != null) p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CartiException("interrupted while running " + exe, e);
        }
    }

    /** The tool's stdin, remembering whether writing to it failed (the tool exited early). */
    private static final class PipeStream extends FilterOutputStream {
        boolean broken;

        PipeStream(OutputStream out) { super(new BufferedOutputStream(out, 1 << 16)); }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                broken = true;
                throw e;
            }
        }

        @Override public void write(int b) throws IOException { write(new byte[] {(byte) b}, 0, 1); }

        @Override public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                broken = true;
                throw e;
            }
        }

        @Override public void close() throws IOException {
            try {
                out.close();
            } catch (IOException e) {
                broken = true;
                throw e;
            }
        }
    }
}
