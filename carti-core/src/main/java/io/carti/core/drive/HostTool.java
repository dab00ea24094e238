package io.carti.core.drive;

import io.carti.core.CartiException;
import java.io.IOException;
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

    /** Runs the tool with {@code args} in {@code dir}; stdout and stderr are merged and returned. */
    Run run(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "umask 022 && exec \"$0\" \"$@\"", exe.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/bin:/bin:/usr/sbin:/sbin");
        env.put("LC_ALL", "C.UTF-8");
        env.put("TZ", "UTC");
        env.put("SOURCE_DATE_EPOCH", "0");
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Run(p.waitFor(), out.strip());
        } catch (IOException e) {
            throw new CartiException("cannot run " + exe + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CartiException("interrupted while running " + exe, e);
        }
    }
}
