package io.carti.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared fixtures under {@code src/test-fixtures} (upstream's files and the golden outputs). */
public final class Fixtures {
    private Fixtures() {}

    public static Path root() {
        String p = System.getProperty("carti.fixtures");
        Path dir = p != null ? Path.of(p) : findUp();
        if (!Files.isDirectory(dir)) throw new IllegalStateException("fixtures not found at " + dir);
        return dir;
    }

    /** A fixture file, e.g. {@code path("rom.bin")} or {@code path("golden/lua/minimal.return.lua")}. */
    public static Path path(String name) { return root().resolve(name); }

    private static Path findUp() {
        Path d = Path.of("").toAbsolutePath();
        while (d != null && !Files.isDirectory(d.resolve("src/test-fixtures"))) d = d.getParent();
        return d == null ? Path.of("src/test-fixtures") : d.resolve("src/test-fixtures");
    }

    /** Runs a command; returns its exit code (stdout/stderr inherited). For tools like e2fsck or lua5.4. */
    public static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }
}
