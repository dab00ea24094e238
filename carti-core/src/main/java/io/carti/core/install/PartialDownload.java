package io.carti.core.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.cid.Cid;
import io.carti.core.cid.CidHasher;
import io.carti.core.json.Json;
import io.carti.core.store.AtomicFiles;
import io.carti.core.store.BundleStore;
import io.carti.core.store.IntegrityException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bundle download in progress, kept where the next run finds it when this one dies:
 * {@code <store>/.carti-partial/<cid>.part} (the bytes received so far, always a prefix of what the source sent)
 * and {@code <cid>.json} (the source uri and, when the server gave them, its validator and the full length).
 * Nothing in there is a bundle: a store only sees {@code <store>/<cid>/} directories, and the file gets there by
 * {@link #commit} (an atomic rename) only after its CID matched.
 * <p>
 * Who may append: every install holds the store's {@link StoreLock} (a file lock) while it downloads, which keeps
 * a second process out of the store's partials; inside one process, parallel jobs ({@code machine install -j})
 * that want the same CID take this class's per-file lock, so one waits for the other.
 */
final class PartialDownload implements AutoCloseable {
    static final String DIR = ".carti-partial";
    private static final Map<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();
    /** Open partials per directory in this process: the directory is removed when the last one closes, not while a job writes in it. */
    private static final Map<Path, Integer> OPEN_IN_DIR = new java.util.HashMap<>();

    private final Path data;
    private final Path sidecar;
    private final ReentrantLock lock;

    private PartialDownload(Path data, Path sidecar, ReentrantLock lock) {
        this.data = data;
        this.sidecar = sidecar;
        this.lock = lock;
    }

    /** The partial of {@code cid} in {@code store}, locked against the other jobs of this process. */
    static PartialDownload open(BundleStore store, Cid cid) {
        Path dir = store.base().resolve(DIR);
        Path data = dir.resolve(cid + ".part");
        ReentrantLock l = IN_JVM.computeIfAbsent(data, p -> new ReentrantLock());
        l.lock();
        synchronized (OPEN_IN_DIR) {
            OPEN_IN_DIR.merge(dir, 1, Integer::sum);
        }
        return new PartialDownload(data, dir.resolve(cid + ".json"), l);
    }

    Path data() { return data; }

    /** The sidecar's record of where the bytes came from. */
    record Source(String uri, String validator, long length) {}

    /**
     * How many bytes of an earlier download from {@code uri} can be kept (0 when there are none, when they came
     * from another uri, or when they are more than the source's length). Anything that cannot be kept is removed.
     */
    long resumableBytes(String uri) {
        try {
            if (!Files.isRegularFile(data)) return 0;
            long size = Files.size(data);
            Source s = recorded();
            if (s != null && s.uri().equals(uri) && size > 0 && (s.length() < 0 || size <= s.length())) return size;
            discard();
            return 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** What the sidecar says, or null when it is missing or unreadable. */
    Source recorded() {
        try {
            JsonNode n = Json.readIfExists(sidecar);
            if (n == null || !n.hasNonNull("uri")) return null;
            return new Source(n.get("uri").asText(), n.hasNonNull("validator") ? n.get("validator").asText() : null,
                    n.path("length").asLong(-1));
        } catch (CartiException e) {
            return null;
        }
    }

    /** Records the source before its bytes are appended, so a run that dies leaves a partial the next run can judge. */
    void record(String uri, String validator, long length) {
        ObjectNode n = Json.object();
        n.put("uri", uri);
        if (validator != null) n.put("validator", validator);
        if (length >= 0) n.put("length", length);
        AtomicFiles.writeString(sidecar, Json.compact(n) + "\n");
    }

    /** The partial opened for appending at {@code position}; anything after it is cut off. */
    FileChannel appendAt(long position) throws IOException {
        Files.createDirectories(data.getParent());
        FileChannel ch = FileChannel.open(data, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            AtomicFiles.makeReadable(data);
            ch.truncate(position);
            ch.position(position);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Checks the hash of the whole partial against the bundle's CID and renames it into {@code store} with the
     * bundle's metadata; on a mismatch the partial is discarded and an {@link IntegrityException} names both CIDs.
     */
    BundleStore.Stored commit(BundleStore store, CidHasher hasher, Bundle b, String source) throws IOException {
        Cid actual = hasher.finish();
        if (!actual.equals(b.cid())) {
            discard();
            throw new IntegrityException("bundle " + b.name(), source, b.cid().toString(), actual.toString(), hasher.count());
        }
        BundleStore.Stored stored = store.adoptHashed(data, actual, b.fileName(), b.toJson(), "bundle " + b.name());
        discard();
        return stored;
    }

    /** Removes the partial and its sidecar. */
    void discard() {
        try {
            Files.deleteIfExists(data);
            Files.deleteIfExists(sidecar);
        } catch (IOException ignored) {
            // best effort: the next run judges what is left
        }
    }

    /** Releases the partial; the last one open in this process removes the directory if nothing is left in it. */
    @Override public void close() {
        Path dir = data.getParent();
        synchronized (OPEN_IN_DIR) {
            if (OPEN_IN_DIR.merge(dir, -1, Integer::sum) == 0) {
                OPEN_IN_DIR.remove(dir);
                try {
                    Files.deleteIfExists(dir);
                } catch (DirectoryNotEmptyException ignored) {
                    // partials of other bundles wait for a later run
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
        lock.unlock();
    }
}
