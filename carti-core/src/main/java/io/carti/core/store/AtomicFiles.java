package io.carti.core.store;

import io.carti.core.CartiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The one place that writes files: a temp file in the destination's directory, then an atomic rename, so a
 * reader never sees a half-written file and a crash leaves the old content in place.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    public static void writeString(Path target, String content) {
        write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path target, byte[] content) {
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            makeReadable(tmp);
            try {
                Files.write(tmp, content);
                move(tmp, target);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new CartiException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** A temp file next to {@code target}, for callers that stream into it and then {@link #move}. */
    public static Path tempFileFor(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
        makeReadable(tmp);
        return tmp;
    }

    /**
     * Temp files are created 0600; the files they become (bundles, listings, packages) must be readable like any
     * file the user writes (0644), e.g. for the Docker mount of {@code carti_build/bundles}.
     */
    public static void makeReadable(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException ignored) { /* not a POSIX file system */ }
    }

    /**
     * Deletes {@code dir} and everything under it, best effort (for a failed command's temp or half-made
     * directories: what cannot be deleted is left, and only costs space). A null or missing {@code dir} is a no-op.
     */
    public static void deleteTree(Path dir) {
        if (dir == null) return;
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) { /* left behind: see above */ }
            });
        } catch (IOException ignored) { /* missing already */ }
    }

    /** Renames {@code tmp} onto {@code target} atomically (replacing it). */
    public static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // another file system: copy next to the target and rename there, so the target still appears whole
            Path near = tempFileFor(target);
            try {
                Files.copy(tmp, near, StandardCopyOption.REPLACE_EXISTING);
                Files.move(near, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Files.delete(tmp);
            } finally {
                Files.deleteIfExists(near);
            }
        }
    }
}
