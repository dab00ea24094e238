package io.carti.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.CartiException;
import io.carti.core.cid.Cid;
import io.carti.core.cid.CidHasher;
import io.carti.core.cid.HashPipeline;
import io.carti.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A bundle store directory laid out as upstream's DiskProvider: {@code <base>/<cid>/<fileName>} next to
 * {@code <base>/<cid>/carti-meta.json}. Bytes are hashed while they are copied in, checked against the
 * expected CID when there is one, and only then renamed into place.
 */
public final class BundleStore {
    public static final String META = "carti-meta.json";
    private final Path base;

    public BundleStore(Path base) { this.base = base.toAbsolutePath().normalize(); }

    public Path base() { return base; }

    public Path dir(Cid cid) { return base.resolve(cid.toString()); }

    /** Upstream's {@code exists}: the {@code <cid>} directory exists. */
    public boolean exists(Cid cid) { return Files.isDirectory(dir(cid)); }

    /** The parsed {@code carti-meta.json}, if present and readable. */
    public Optional<JsonNode> meta(Cid cid) {
        try {
            JsonNode n = Json.readIfExists(dir(cid).resolve(META));
            return Optional.ofNullable(n).filter(JsonNode::isObject);
        } catch (CartiException e) {
            return Optional.empty();
        }
    }

    /**
     * Upstream's {@code path(cid)}: {@code <base>/<cid>/<meta.fileName>}, else {@code <base>/<cid>/<cid>}.
     * A hostile fileName in the metadata is refused (B27).
     */
    public Path path(Cid cid) {
        Optional<JsonNode> m = meta(cid);
        if (m.isPresent() && m.get().hasNonNull("fileName")) {
            String fn = m.get().get("fileName").asText();
            return dir(cid).resolve(FileNames.requireSafe(fn, dir(cid).resolve(META).toString()));
        }
        return dir(cid).resolve(cid.toString());
    }

    /** The bundle's file if it is really there. */
    public Optional<Path> file(Cid cid) {
        if (!exists(cid)) return Optional.empty();
        try {
            Path p = path(cid);
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        } catch (CartiException e) {
            return Optional.empty();
        }
    }

    /** Result of a put. */
    public record Stored(Cid cid, Path path, long size) {}

    /**
     * Streams {@code in} into the store under {@code fileName}, hashing as it goes.
     *
     * @param expected the CID the bytes must have, or null to accept whatever they hash to
     * @param meta     written as {@code carti-meta.json} (compact + newline) when not null
     * @param source   names the origin in an integrity error
     */
    public Stored put(InputStream in, Cid expected, String fileName, ObjectNode meta, String what, String source) {
        FileNames.requireSafe(fileName, what);
        Path tmp = null;
        try {
            Files.createDirectories(base);
            tmp = Files.createTempFile(base, ".incoming-", ".part");
            AtomicFiles.makeReadable(tmp);
            CidHasher h = new CidHasher();
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                HashPipeline.run(HashPipeline.source(in), h, HashPipeline.sink(out));
            }
            return commit(tmp, h, expected, fileName, meta, what, source);
        } catch (IOException e) {
            throw new CartiException("cannot store " + what + " from " + source + ": " + CartiException.reason(e), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * Copies a local file into the store, hashing while copying: one pass over the data, with the reads and the
     * writes overlapping the hashing ({@link HashPipeline}), so it costs about one hash.
     */
    public Stored putFile(Path src, Cid expected, String fileName, ObjectNode meta, String what) {
        FileNames.requireSafe(fileName, what);
        Path tmp = null;
        try (FileChannel inCh = FileChannel.open(src, StandardOpenOption.READ)) {
            Files.createDirectories(base);
            tmp = Files.createTempFile(base, ".incoming-", ".part");
            AtomicFiles.makeReadable(tmp);
            CidHasher h = new CidHasher();
            try (FileChannel outCh = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                HashPipeline.run(HashPipeline.source(inCh), h, HashPipeline.sink(outCh));
            }
            return commit(tmp, h, expected, fileName, meta, what, src.toString());
        } catch (NoSuchFileException e) {
            throw new CartiException(CartiException.Kind.NOT_FOUND, "no such file: " + src);
        } catch (IOException e) {
            if (Files.isDirectory(src)) throw new CartiException(CartiException.Kind.INVALID_INPUT, src + " is a directory, not a file");
            throw new CartiException("cannot store " + what + " from " + src + ": " + CartiException.reason(e), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * A new empty file inside the store's directory (hidden, {@code .incoming-*.part}) for a producer that writes a
     * bundle in place, e.g. a drive image built by genext2fs, and then {@link #adopt}s it. The caller deletes it if
     * it does not adopt it.
     */
    public Path incomingFile() throws IOException {
        Files.createDirectories(base);
        Path tmp = Files.createTempFile(base, ".incoming-", ".part");
        AtomicFiles.makeReadable(tmp);
        return tmp;
    }

    /**
     * Moves {@code file} into the store instead of copying it: hashes it (one read), checks the CID when one is
     * expected, then renames it to {@code <cid>/<fileName>}. Costs one hash and no write when {@code file} is on
     * the store's file system ({@link #incomingFile} is); elsewhere the rename becomes a copy. On success the file
     * is gone from its old place; on failure it is left there for the caller to delete.
     */
    public Stored adopt(Path file, Cid expected, String fileName, ObjectNode meta, String what) {
        FileNames.requireSafe(fileName, what);
        try {
            Files.createDirectories(base);
            CidHasher h = new CidHasher();
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                HashPipeline.run(HashPipeline.source(in), h, null);
            }
            AtomicFiles.makeReadable(file);
            return commit(file, h, expected, fileName, meta, what, file.toString());
        } catch (NoSuchFileException e) {
            throw new CartiException(CartiException.Kind.NOT_FOUND, "no such file: " + file);
        } catch (IOException e) {
            throw new CartiException("cannot store " + what + " from " + file + ": " + CartiException.reason(e), e);
        }
    }

    private Stored commit(Path tmp, CidHasher h, Cid expected, String fileName, ObjectNode meta, String what, String source)
            throws IOException {
        Cid actual = h.finish();
        if (expected != null && !expected.equals(actual)) {
            throw new IntegrityException(what, source, expected.toString(), actual.toString(), h.count());
        }
        return place(tmp, actual, h.count(), fileName, meta);
    }

    /** Renames a verified file to {@code <cid>/<fileName>} (atomically, also across file systems) and writes its metadata. */
    private Stored place(Path file, Cid cid, long size, String fileName, ObjectNode meta) throws IOException {
        Path dir = dir(cid);
        Files.createDirectories(dir);
        Path target = dir.resolve(fileName);
        AtomicFiles.move(file, target);
        if (meta != null) writeMeta(cid, meta);
        return new Stored(cid, target, size);
    }

    /**
     * Like {@link #adopt} for a file whose CID the caller has just computed from its bytes (e.g. a composed image,
     * hashed once for its CID, sha256 and Merkle root together), so it is not read again: a rename into
     * {@code <cid>/<fileName>}. The caller must own the file, so nothing changes it between the hashing and this
     * call.
     */
    public Stored adoptHashed(Path file, Cid cid, String fileName, ObjectNode meta, String what) {
        FileNames.requireSafe(fileName, what);
        try {
            long size = Files.size(file);
            AtomicFiles.makeReadable(file);
            return place(file, cid, size, fileName, meta);
        } catch (NoSuchFileException e) {
            throw new CartiException(CartiException.Kind.NOT_FOUND, "no such file: " + file);
        } catch (IOException e) {
            throw new CartiException("cannot store " + what + " from " + file + ": " + CartiException.reason(e), e);
        }
    }

    public void writeMeta(Cid cid, ObjectNode meta) {
        AtomicFiles.writeString(dir(cid).resolve(META), Json.compact(meta) + "\n");
    }

    private static void deleteQuietly(Path p) {
        if (p == null) return;
        try { Files.deleteIfExists(p); } catch (IOException ignored) { /* best effort */ }
    }
}
