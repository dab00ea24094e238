package io.carti.core.install;

import io.carti.core.CartiException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on a directory (a bundle store or the carti home) held while an install or a repo update
 * changes it, so two carti processes never interleave their index writes. Two levels (as jib's LockFile): an
 * in-JVM lock per path first, since the OS lock cannot be taken twice by one process, then the OS file lock.
 * The holder writes its pid and command into the lock file, so a waiter can say whom it waits for.
 * <p>No {@code .carti-lock} stays behind in a store or the carti home (upstream wrote none): on release the holder
 * writes a unique "released" line into the file through its own channel, deletes the file, then lets go. A
 * waiter that gets the lock on a file holding such a line knows the path may name another file now, and starts
 * over; if it finds the same line twice, the holder died before deleting, the path still names that file, and the
 * waiter takes it. The file is never opened a second time while locked, since closing any descriptor of a file
 * drops the process's POSIX locks on it.
 */
public final class StoreLock implements AutoCloseable {
    public static final String FILE = ".carti-lock";
    private static final String RELEASED = "released by pid ";
    private static final Map<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock jvmLock;
    private final FileChannel channel;
    private final FileLock lock;
    private final Path file;
    private final List<Path> created;

    private StoreLock(ReentrantLock jvmLock, FileChannel channel, FileLock lock, Path file, List<Path> created) {
        this.jvmLock = jvmLock;
        this.channel = channel;
        this.lock = lock;
        this.file = file;
        this.created = created;
    }

    /** Takes the lock on {@code dir}, telling {@code progress} whom it waits for when another process holds it. */
    public static StoreLock acquire(Path dir, String command, ProgressListener progress) {
        Path file = dir.resolve(FILE).toAbsolutePath().normalize();
        ReentrantLock jvm = IN_JVM.computeIfAbsent(file, f -> new ReentrantLock());
        if (!jvm.tryLock()) {
            progress.waiting("waiting for lock on " + dir + " held by another carti command in this process");
            jvm.lock();
        }
        FileChannel ch = null;
        try {
            // the directories this lock creates, deepest first: removed again on release if nothing was put in them,
            // so a command that fails leaves no empty carti_bundles or ~/.carti behind
            // (two processes racing to fail can still leave one behind: harmless)
            List<Path> created = new ArrayList<>();
            boolean told = false;
            String lastReleased = null;
            for (int attempt = 0; ; attempt++) {
                for (Path d = file.getParent(); d != null && !Files.exists(d); d = d.getParent()) {
                    if (!created.contains(d)) created.add(d);
                }
                created.sort(java.util.Comparator.comparingInt(Path::getNameCount).reversed());
                Files.createDirectories(dir);
                try {
                    ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                } catch (NoSuchFileException e) {
                    if (attempt > 100) throw e;
                    continue; // the last holder just removed the directory it had created: make it again
                }
                FileLock l = ch.tryLock();
                if (l == null) {
                    if (!told) progress.waiting("waiting for lock held by " + holder(ch) + " on " + dir);
                    told = true;
                    l = ch.lock();
                }
                String content = holder(ch);
                if (content.startsWith(RELEASED) && !content.equals(lastReleased)) {
                    lastReleased = content; // its holder deleted it (or died first): look again at what the path names
                    l.release();
                    ch.close();
                    ch = null;
                    continue;
                }
                ch.truncate(0);
                ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " (" + command + ")\n").getBytes(StandardCharsets.UTF_8)), 0);
                return new StoreLock(jvm, ch, l, file, created);
            }
        } catch (IOException e) {
            closeQuietly(ch);
            jvm.unlock();
            throw new CartiException("cannot lock " + dir + ": " + CartiException.reason(e), e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            jvm.unlock();
            throw e;
        }
    }

    private static String holder(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(256);
        ch.read(b, 0);
        String s = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).trim();
        return s.isEmpty() ? "another process" : s;
    }

    @Override public void close() {
        try {
            channel.truncate(0);
            String released = RELEASED + ProcessHandle.current().pid() + " at " + System.nanoTime() + "\n";
            channel.write(ByteBuffer.wrap(released.getBytes(StandardCharsets.UTF_8)), 0);
            Files.deleteIfExists(file); // still locked: see the class comment
            for (Path d : created) Files.delete(d); // only if empty: stops at the first that holds something
        } catch (IOException ignored) { /* a lock file or directory left behind is harmless */ }
        try {
            lock.release();
        } catch (IOException ignored) { /* closing the channel releases it anyway */ }
        closeQuietly(channel);
        jvmLock.unlock();
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch == null) return;
        try { ch.close(); } catch (IOException ignored) { /* nothing to do */ }
    }
}
