package io.carti.core.oci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.CartiEnv;
import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.cid.Cid;
import io.carti.core.cid.CidHasher;
import io.carti.core.cid.HashWarmUp;
import io.carti.core.drive.FileTree;
import io.carti.core.drive.FileTree.Node;
import io.carti.core.json.Json;
import io.carti.core.store.AtomicFiles;
import io.carti.core.store.BundleStore;
import io.carti.core.store.FileNames;
import io.carti.core.store.Layout;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code carti oci import}: an image becomes a deterministic ext2 flash bundle in the local store, indexed as
 * {@code carti bundle} indexes, with the image config kept in {@code carti-meta.json}. With a runtime bundle the
 * drive holds {@code config.json} + {@code rootfs/} instead of the root filesystem itself. Nothing reaches
 * the store unless every digest checked out and the image was built.
 */
public final class OciImporter {
    /** Writes a tree as a drive image (the ext2 builder of the composition code). */
    @FunctionalInterface
    public interface DriveWriter {
        void write(FileTree tree, Path out);

        /** {@link #write}, then the image's CID; a writer that checks the image can hash it during the check. */
        default Cid writeAndHash(FileTree tree, Path out) throws IOException {
            write(tree, out);
            return CidHasher.hash(out);
        }

        /**
         * Finds and probes the tools {@link #write} needs. The importer runs it on another thread while it reads the
         * layers, so the probes (process start-ups) cost no time later.
         */
        default void prepare() {}
    }

    public record Request(String source, String name, String version, Platform platform, boolean runtimeBundle,
                          boolean plainHttp, long maxBytes) {}

    public record Result(Bundle bundle, Path storedFile, long size, ResolvedImage image) {}

    private final Layout layout;
    private final DriveWriter writer;

    public OciImporter(Layout layout, DriveWriter writer) {
        this.layout = layout;
        this.writer = writer;
    }

    public Result importImage(Request r) {
        if (r.name() == null || r.name().isBlank()) throw new CartiException(CartiException.Kind.INVALID_INPUT, "bundle name must not be empty");
        String fileName = FileNames.requireSafe(r.name() + ".ext2", "bundle " + r.name());
        CartiEnv env = layout.env();
        BundleStore store = layout.localStore();
        boolean storeExisted = Files.isDirectory(store.base());
        Path work = null;
        Path img = null;
        boolean done = false;
        try (ImageSource src = ImageSources.open(r.source(), env, r.plainHttp())) {
            ResolvedImage image = src.resolve(r.platform());
            CompletableFuture<Void> writerReady = CompletableFuture.runAsync(writer::prepare);
            work = Files.createTempDirectory("carti-oci-");
            Cid cid;
            try (LayerFlattener flattener = new LayerFlattener(work, r.maxBytes())) {
                FileTree rootfs = flattener.flatten(image.layers());
                FileTree tree = r.runtimeBundle() ? runtimeBundle(rootfs, image.config()) : rootfs;
                // built inside the store's directory, so that storing it is a rename rather than a copy
                img = store.incomingFile();
                awaitQuietly(writerReady); // a probe's failure shows again, from write
                HashWarmUp.startInBackground(); // the image's CID comes next: its first megabytes then hash on compiled code
                cid = writer.writeAndHash(tree, img);
            }
            String version = r.version() != null ? r.version() : defaultVersion(r.source());
            ObjectNode meta = meta(r, fileName, version, image);
            BundleStore.Stored stored = store.adoptHashed(img, cid, fileName, meta, "bundle " + r.name());
            img = null;
            String uri = stored.path().toString();
            Bundle b = Bundle.of("flashdrive", r.name(), fileName, stored.cid(), version, uri);
            layout.localIndex().put(uri, List.of(b));
            done = true;
            return new Result(b, stored.path(), stored.size(), image);
        } catch (IOException e) {
            throw new CartiException("cannot import " + r.source() + ": " + e.getMessage(), e);
        } finally {
            AtomicFiles.deleteTree(work);
            AtomicFiles.deleteTree(img);
            if (!done && !storeExisted) deleteIfEmpty(store.base()); // created for the image: leave no trace
        }
    }

    /** The image's tag when it has a meaningful one, else 1.0.0. */
    static String defaultVersion(String source) {
        if (Reference.looksLikeReference(source)) {
            try {
                Reference ref = Reference.parse(source);
                if (ref.tag() != null && !ref.tag().equals("latest")) return ref.tag();
            } catch (CartiException ignored) { /* fall through */ }
        }
        return "1.0.0";
    }

    private static ObjectNode meta(Request r, String fileName, String version, ResolvedImage image) {
        ObjectNode meta = Json.object();
        meta.put("bundleType", "flashdrive");
        meta.put("name", r.name());
        meta.put("fileName", fileName);
        meta.put("path", r.source());
        meta.put("version", version);
        meta.set("image", image.config().toMeta());
        ObjectNode oci = meta.putObject("oci");
        oci.put("source", r.source());
        if (image.manifestDigest() != null) oci.put("manifestDigest", image.manifestDigest().toString());
        oci.put("layers", image.layers().size());
        oci.put("layout", r.runtimeBundle() ? "runtime-bundle" : "rootfs");
        return meta;
    }

    /** {@code config.json} (runtime spec from the image config) next to {@code rootfs/} holding the image. */
    static FileTree runtimeBundle(FileTree rootfs, ImageConfig config) {
        Users.Ids ids = Users.resolve(config.user(), rootfs);
        byte[] spec = (Json.pretty(RuntimeSpec.generate(config, ids)) + "\n").getBytes(StandardCharsets.UTF_8);
        FileTree t = new FileTree();
        t.put(new Node("config.json", FileTree.Type.FILE, 0644, 0, 0, spec.length, () -> new ByteArrayInputStream(spec), null, 0, 0, "runtime spec"));
        for (Node n : rootfs.nodes()) {
            String p = n.path().isEmpty() ? "rootfs" : "rootfs/" + n.path();
            String link = n.type() == FileTree.Type.HARDLINK ? "rootfs/" + n.linkTarget() : n.linkTarget();
            t.put(new Node(p, n.type(), n.mode(), n.uid(), n.gid(), n.size(), n.content(), link, n.devMajor(), n.devMinor(), n.origin()));
        }
        return t;
    }

    /** Waits for a background step whose failures the caller meets again later (so they are not reported here). */
    private static void awaitQuietly(CompletableFuture<Void> f) {
        try {
            f.join();
        } catch (RuntimeException ignored) { /* write probes again and reports it */ }
    }

    private static void deleteIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException ignored) { /* not empty: someone else's content */ }
    }
}
