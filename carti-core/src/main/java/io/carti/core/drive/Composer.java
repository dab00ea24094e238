package io.carti.core.drive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.bundle.BundleType;
import io.carti.core.cid.Cid;
import io.carti.core.json.Json;
import io.carti.core.merkle.DriveDigests;
import io.carti.core.merkle.MerkleTree;
import io.carti.core.store.AtomicFiles;
import io.carti.core.store.BundleIndex;
import io.carti.core.store.BundleStore;
import io.carti.core.store.FileNames;
import io.carti.core.store.Layout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Drive composition: several installed flash-drive bundles become one new flash-drive bundle whose ext2 image
 * holds their merged contents, byte-identical wherever it is built from the same inputs.
 *
 * <p>Steps: each input CID is found in the local store, else the global store ({@link Layout}), and must be a
 * {@code flashdrive} bundle holding an ext2 image; the images are read ({@link Ext2Reader}), merged in input order
 * under a {@link TreeMerger.Policy} (conflicts name the path and both bundles), written as a {@link CanonicalTar}
 * and turned into an image by {@link Ext2ImageBuilder} (genext2fs). The image is stored in the local store as a
 * {@code flashdrive} bundle {@code <name>.ext2} and added to the local index, like {@code carti bundle} does; its
 * {@code carti-meta.json} records the composition. Nothing is written when a step fails.
 *
 * <p>Use (the machine package builder calls it the same way for drives declared as compositions):
 * <pre>{@code
 *   Composer.Result r = new Composer(layout).compose(new Composer.Request(
 *           List.of(cidA, cidB), "my-util", "1.0.0", TreeMerger.Policy.MERGE, null));
 *   r.cid(); r.fileName(); r.size(); r.merkleRoot(); r.tool(); r.inputs(); r.policy();
 * }</pre>
 * {@link Result#toJson()} is the record to keep (the machine package stores it next to the drive).
 */
public final class Composer {
    public static final String DEFAULT_VERSION = "1.0.0";
    private final Layout layout;
    private final Ext2ImageBuilder builder;
    private Consumer<String> progress = message -> { };

    /** A composer using genext2fs from the environment's PATH. */
    public Composer(Layout layout) {
        this(layout, Ext2ImageBuilder.Engine.HOST);
    }

    /** A composer running genext2fs on the host or inside the emulator, both found on the environment's PATH. */
    public Composer(Layout layout, Ext2ImageBuilder.Engine engine) {
        this(layout, new Ext2ImageBuilder(layout.env().getenv("PATH"), engine));
    }

    public Composer(Layout layout, Ext2ImageBuilder builder) {
        this.layout = layout;
        this.builder = builder;
    }

    /** Receives a short line as each step starts (reading inputs, building the image, hashing, storing). */
    public Composer onProgress(Consumer<String> listener) {
        this.progress = listener;
        return this;
    }

    /**
     * What to compose.
     *
     * @param inputs    the input bundles' CIDs, in order (order matters only for the overlay policy)
     * @param name      the new bundle's name; the file is {@code <name>.ext2}
     * @param version   the new bundle's version; null means {@value #DEFAULT_VERSION}
     * @param sizeBytes the image size in bytes (multiple of 4096), or null to size it from the contents
     */
    public record Request(List<Cid> inputs, String name, String version, TreeMerger.Policy policy, Long sizeBytes) {}

    /** An input as found in a store. */
    public record Input(Cid cid, String name, Path file) {}

    /**
     * The composed bundle and how it was made. {@code merkleRoot} is the hex Cartesi Merkle root of the image with
     * 32-byte words (emulator 0.18+) over 2^{@code merkleLog2Size} bytes, the drive's hash in a machine.
     */
    public record Result(Bundle bundle, Cid cid, String fileName, Path storedFile, long size, String sha256,
                         String merkleRoot, int merkleLog2Size, String tool, List<Input> inputs, TreeMerger.Policy policy) {
        /** The composition record: inputs (CIDs in order), policy, tool, result CID, size, sha256, Merkle root. */
        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            ArrayNode in = o.putArray("inputs");
            for (Input i : inputs) {
                ObjectNode e = in.addObject();
                e.put("id", i.cid().toString());
                e.put("name", i.name());
            }
            o.put("policy", policy.json());
            o.put("tool", tool);
            o.put("id", cid.toString());
            o.put("size", size);
            o.put("sha256", sha256);
            o.put("merkleRoot", merkleRoot);
            o.put("merkleLog2Size", merkleLog2Size);
            o.put("merkleWordSize", 32);
            return o;
        }
    }

    public Result compose(Request r) {
        if (r.inputs() == null || r.inputs().isEmpty()) throw new CartiException(CartiException.Kind.INVALID_INPUT, "nothing to compose: no input bundles");
        if (r.name() == null || r.name().isBlank()) throw new CartiException(CartiException.Kind.INVALID_INPUT, "the composed bundle needs a name");
        String version = r.version() == null || r.version().isBlank() ? DEFAULT_VERSION : r.version();
        String fileName = FileNames.requireSafe(r.name() + ".ext2", "composed bundle " + r.name());
        List<Input> inputs = new ArrayList<>();
        for (Cid cid : r.inputs()) inputs.add(resolve(cid));
        builder.toolVersion(); // fail early when genext2fs is missing

        progress.accept("Reading and merging " + inputs.size() + " input image" + (inputs.size() == 1 ? "" : "s"));
        List<FileTree> trees = readInputs(inputs);
        FileTree merged = TreeMerger.merge(trees, r.policy());

        Path work = null;
        boolean newStore = !Files.isDirectory(layout.localStoreDir());
        boolean done = false;
        try {
            // built next to the store, so storing it is a rename (one file system), not a copy
            Files.createDirectories(layout.localStoreDir());
            work = Files.createTempDirectory(layout.localStoreDir(), ".compose-");
            progress.accept("Building the ext2 image with " + builder.toolVersion() + " (" + merged.size() + " entries)");
            Ext2ImageBuilder.Image img = builder.build(merged, work.resolve(fileName), r.sizeBytes());
            int log2 = MerkleTree.defaultLog2Size(img.bytes());
            progress.accept("Hashing " + img.bytes() + " bytes (CID, sha256 and Merkle root in one read)");
            DriveDigests digests = DriveDigests.of(img.file(), new MerkleTree(MerkleTree.WORD_32, log2));
            progress.accept("Storing " + fileName + " in " + layout.localStoreDir());
            Result result = store(r.name(), version, fileName, img, digests, log2, inputs, r.policy());
            done = true;
            return result;
        } catch (IOException e) {
            throw new CartiException("cannot compose " + r.name() + ": " + e.getMessage(), e);
        } finally {
            AtomicFiles.deleteTree(work);
            if (!done && newStore) { // a failed run leaves no empty store behind
                try { Files.deleteIfExists(layout.localStoreDir()); } catch (IOException ignored) { /* not empty: keep it */ }
            }
        }
    }

    private Result store(String name, String version, String fileName, Ext2ImageBuilder.Image img, DriveDigests digests, int log2,
                         List<Input> inputs, TreeMerger.Policy policy) {
        ObjectNode meta = Json.object();
        meta.put("bundleType", BundleType.FLASHDRIVE.json());
        meta.put("name", name);
        meta.put("fileName", fileName);
        meta.put("version", version);
        meta.put("desc", "composition of " + String.join(", ", inputs.stream().map(Input::name).toList()));
        BundleStore.Stored stored = layout.localStore().adoptHashed(img.file(), digests.cid(), fileName, meta, "composed bundle " + name);
        String uri = stored.path().toString();
        Bundle bundle = Bundle.of(BundleType.FLASHDRIVE.json(), name, fileName, stored.cid(), version, uri);
        Result result = new Result(bundle, stored.cid(), fileName, stored.path(), stored.size(), digests.sha256(), digests.merkleRoot(), log2,
                builder.toolVersion(), List.copyOf(inputs), policy);
        meta.set("composition", result.toJson());
        layout.localStore().writeMeta(stored.cid(), meta);
        layout.localIndex().put(uri, List.of(bundle));
        return result;
    }

    /** Finds an input in the local store, else the global one, and checks that it is a flash drive. */
    public Input resolve(Cid cid) {
        for (boolean global : new boolean[] {false, true}) {
            BundleStore store = layout.store(global);
            Optional<Path> file = store.file(cid);
            if (file.isEmpty()) continue;
            Optional<JsonNode> meta = store.meta(cid);
            Bundle indexed = indexed(layout.installedIndex(global), cid).orElse(null);
            String type = meta.map(m -> m.path("bundleType").asText(null)).orElse(indexed == null ? null : indexed.bundleType());
            String name = meta.map(m -> m.path("name").asText(null)).orElse(indexed == null ? cid.toString() : indexed.name());
            if (name == null) name = cid.toString();
            if (!BundleType.FLASHDRIVE.json().equals(type)) {
                throw new CartiException(CartiException.Kind.INVALID_INPUT, "bundle " + name + " (" + cid + ") is "
                        + (type == null ? "of unknown type" : "a " + type + " bundle") + ", not a flashdrive: only flash drives can be composed");
            }
            return new Input(cid, name, file.get());
        }
        throw new CartiException(CartiException.Kind.NOT_FOUND, "bundle " + cid + " is not installed in the local or global store "
                + "(install it first with 'carti install' or 'carti get')");
    }

    private static Optional<Bundle> indexed(BundleIndex index, Cid cid) {
        return index.byId(cid.toString()).stream().findFirst();
    }

    /**
     * Reads the input images, one thread per core (each read is independent and mostly CPU: inodes, directories,
     * block maps). Results and errors come back in input order, so the error reported is always the first
     * input's, whatever the timing.
     */
    private static List<FileTree> readInputs(List<Input> inputs) {
        int threads = Math.min(inputs.size(), Runtime.getRuntime().availableProcessors());
        if (threads <= 1) return inputs.stream().map(Composer::readInput).toList();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "carti-compose-read");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<FileTree>> reads = new ArrayList<>();
            for (Input in : inputs) reads.add(pool.submit(() -> readInput(in)));
            List<FileTree> trees = new ArrayList<>();
            for (Future<FileTree> f : reads) {
                try {
                    trees.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) throw re;
                    if (e.getCause() instanceof Error err) throw err;
                    throw new CartiException("cannot read the input images: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CartiException("interrupted while reading the input images", e);
                }
            }
            return trees;
        } finally {
            pool.shutdownNow();
        }
    }

    private static FileTree readInput(Input in) {
        String origin = "bundle " + in.name() + " (" + in.cid() + ")";
        try {
            return Ext2Reader.read(in.file(), origin);
        } catch (CartiException e) {
            throw new CartiException(e.kind(), origin + ": " + e.getMessage(), e);
        }
    }
}
