package io.carti.core.oci;

import static io.carti.core.oci.TestImages.dir;
import static io.carti.core.oci.TestImages.file;
import static io.carti.core.oci.TestImages.hardlink;
import static io.carti.core.oci.TestImages.layer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.CartiEnv;
import io.carti.core.CartiException;
import io.carti.core.json.Json;
import io.carti.core.store.Layout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad image fails with one clear error, and nothing reaches the store. */
class BadInputTest {
    @TempDir Path tmp;

    private static final TestImages.Compression GZ = TestImages.Compression.GZIP;

    private TestImages.Built image(List<TestImages.LayerSpec> layers) throws Exception {
        return TestImages.layout(tmp.resolve("img"), "v1", new TestImages.Config(), layers);
    }

    private TestImages.Built simple() throws Exception {
        return image(List.of(layer(GZ, dir("etc", 0755), file("etc/hostname", 0644, "cartesi\n"))));
    }

    private OciImporter importer(Path project) {
        Layout layout = new Layout(CartiEnv.of(project, tmp.resolve("home"), Map.of()));
        return new OciImporter(layout, (tree, out) -> {
            try {
                Files.writeString(out, "drive with " + tree.nodes().size() + " nodes");
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    /** Runs an import that must fail; returns the error after checking the project has no store. */
    private CartiException importFails(String source, long maxBytes) {
        Path project = tmp.resolve("project");
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> importer(project).importImage(
                new OciImporter.Request(source, "app", "1", Platform.RISCV64, false, false, maxBytes)));
        assertThat(t).isInstanceOf(CartiException.class);
        assertThat(project.resolve("carti_bundles")).doesNotExist();
        return (CartiException) t;
    }

    /** A store that exists already is left exactly as it was: no new file, no index change. */
    @Test
    void aFailedImportLeavesAnExistingStoreAsItWas() throws Exception {
        Path project = tmp.resolve("existing");
        simple();
        importer(project).importImage(new OciImporter.Request(tmp.resolve("img").toString(), "good", "1", Platform.RISCV64, false, false, 1 << 20));
        Map<String, String> before = snapshot(project);
        assertThat(before).isNotEmpty();
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> importer(project).importImage(
                new OciImporter.Request(tmp.resolve("img").toString(), "bad", "1", Platform.RISCV64, false, false, 100)));
        assertThat(t).isInstanceOf(CartiException.class).hasMessageContaining("decompression bomb");
        assertThat(snapshot(project)).isEqualTo(before);
    }

    /** Every file under a directory with its content. */
    private static Map<String, String> snapshot(Path dir) throws Exception {
        Map<String, String> m = new java.util.TreeMap<>();
        try (var s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) m.put(dir.relativize(p).toString(), Files.isRegularFile(p) ? Files.readString(p) : "dir");
        }
        return m;
    }

    private CartiException importFails() { return importFails(tmp.resolve("img").toString(), LayerFlattener.DEFAULT_MAX_BYTES); }

    private void rewriteManifest(Consumer<ObjectNode> edit) throws Exception {
        Path dir = tmp.resolve("img");
        ObjectNode index = (ObjectNode) Json.readIfExists(dir.resolve("index.json"));
        ObjectNode desc = (ObjectNode) index.get("manifests").get(0);
        Digest old = Digest.parse(desc.get("digest").asText());
        ObjectNode manifest = (ObjectNode) Json.readIfExists(dir.resolve("blobs/sha256/" + old.hex()));
        edit.accept(manifest);
        byte[] b = Json.compact(manifest).getBytes(StandardCharsets.UTF_8);
        Digest d = TestImages.writeBlob(dir, b);
        desc.put("digest", d.toString());
        desc.put("size", b.length);
        Files.writeString(dir.resolve("index.json"), Json.compact(index));
    }

    @Test
    void corruptTar() throws Exception {
        byte[] junk = new byte[2048];
        for (int i = 0; i < junk.length; i++) junk[i] = (byte) ('A' + i % 26);
        Digest d = TestImages.writeBlob(tmp.resolve("img"), junk);
        simple();
        TestImages.writeBlob(tmp.resolve("img"), junk);
        rewriteManifest(m -> {
            ObjectNode l = (ObjectNode) m.get("layers").get(0);
            l.put("digest", d.toString());
            l.put("size", junk.length);
            l.put("mediaType", MediaTypes.OCI_LAYER);
        });
        assertThat(importFails().getMessage()).contains("layer 1").containsAnyOf("corrupt", "diff_id");
    }

    /** A tar cut off inside a file, whose digests all agree (the layer was built that way): the tar itself is refused. */
    @Test
    void truncatedTarWithMatchingDigests() throws Exception {
        byte[] whole = TestImages.tar(List.of(file("a", 0644, "x".repeat(5000)), file("b", 0644, "y")));
        byte[] cut = java.util.Arrays.copyOf(whole, 512 + 2048);
        assertThat(catchTar(cut)).isNotEmpty(); // GNU tar agrees that it is broken
        imageOfRawLayer(cut);
        assertThat(importFails().getMessage()).startsWith("corrupt layer 1 (").contains("runcated");
    }

    /** A gzip stream whose CRC is wrong. */
    @Test
    void corruptGzip() throws Exception {
        byte[] gz = TestImages.compress(TestImages.tar(List.of(file("a", 0644, "hello"))), GZ);
        gz[gz.length - 8] ^= 0x5a; // the CRC32 in the trailer
        Path dir = tmp.resolve("img");
        simple();
        Digest d = TestImages.writeBlob(dir, gz);
        byte[] cfg = TestImages.configJson(new TestImages.Config(), List.of(Digest.sha256(TestImages.tar(List.of(file("a", 0644, "hello"))))));
        Digest cd = TestImages.writeBlob(dir, cfg);
        rewriteManifest(m -> {
            m.set("config", Descriptor.of(MediaTypes.OCI_CONFIG, cd, cfg.length).toJson());
            ((com.fasterxml.jackson.databind.node.ArrayNode) m.get("layers")).removeAll().add(Descriptor.of(MediaTypes.OCI_LAYER_GZIP, d, gz.length).toJson());
        });
        assertThat(importFails().getMessage()).startsWith("corrupt layer 1 (" + d + ")");
    }

    /** GNU tar's complaint about a tar, empty when it reads it fine. */
    private String catchTar(byte[] tar) throws Exception {
        Path f = tmp.resolve("check.tar");
        Files.write(f, tar);
        Process p = new ProcessBuilder("tar", "tf", f.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor() == 0 ? "" : out;
    }

    /** An image whose one layer is {@code tar}, uncompressed, with a config naming its true diff_id. */
    private void imageOfRawLayer(byte[] tar) throws Exception {
        Path dir = tmp.resolve("img");
        simple();
        Digest d = TestImages.writeBlob(dir, tar);
        byte[] cfg = TestImages.configJson(new TestImages.Config(), List.of(d));
        Digest cd = TestImages.writeBlob(dir, cfg);
        rewriteManifest(m -> {
            m.set("config", Descriptor.of(MediaTypes.OCI_CONFIG, cd, cfg.length).toJson());
            ((com.fasterxml.jackson.databind.node.ArrayNode) m.get("layers")).removeAll().add(Descriptor.of(MediaTypes.OCI_LAYER, d, tar.length).toJson());
        });
    }

    @Test
    void blobDigestMismatch() throws Exception {
        TestImages.Built b = simple();
        Path blob = tmp.resolve("img/blobs/sha256/" + b.layerDigests().get(0).hex());
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length - 5] ^= 1;
        Files.write(blob, bytes);
        CartiException e = importFails();
        assertThat(e.getMessage()).containsAnyOf("digest mismatch", "corrupt");
    }

    @Test
    void diffIdMismatch() throws Exception {
        TestImages.Built b = simple();
        // a config that lies about the uncompressed layer
        rewriteManifest(m -> {
            byte[] cfg = TestImages.configJson(new TestImages.Config(), List.of(Digest.sha256(new byte[1])));
            try {
                Digest cd = TestImages.writeBlob(tmp.resolve("img"), cfg);
                m.set("config", Descriptor.of(MediaTypes.OCI_CONFIG, cd, cfg.length).toJson());
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        CartiException e = importFails();
        assertThat(e.kind()).isEqualTo(CartiException.Kind.INTEGRITY);
        assertThat(e.getMessage()).contains("diff_id").contains(b.layerDigests().get(0).toString());
    }

    @Test
    void missingBlob() throws Exception {
        TestImages.Built b = simple();
        Files.delete(tmp.resolve("img/blobs/sha256/" + b.layerDigests().get(0).hex()));
        CartiException e = importFails();
        assertThat(e.kind()).isEqualTo(CartiException.Kind.NOT_FOUND);
        assertThat(e.getMessage()).isEqualTo("missing blob " + b.layerDigests().get(0) + " in " + tmp.resolve("img"));
    }

    @Test
    void unknownLayerMediaType() throws Exception {
        simple();
        rewriteManifest(m -> ((ObjectNode) m.get("layers").get(0)).put("mediaType", "application/x-mystery"));
        assertThat(importFails().getMessage()).contains("unknown media type 'application/x-mystery' for layer 1");
    }

    @Test
    void artifactIsNotAnImage() throws Exception {
        simple();
        rewriteManifest(m -> m.set("config", Descriptor.of(MediaTypes.OCI_EMPTY, Digest.parse(MediaTypes.EMPTY_DIGEST), 2).toJson()));
        assertThat(importFails().getMessage()).contains("is not a container image");
    }

    @Test
    void indexWithoutTheRequestedPlatform() throws Exception {
        simple();
        Path dir = tmp.resolve("img");
        ObjectNode index = (ObjectNode) Json.readIfExists(dir.resolve("index.json"));
        ObjectNode desc = (ObjectNode) index.get("manifests").get(0);
        desc.putObject("platform").put("architecture", "amd64").put("os", "linux");
        ObjectNode inner = Json.object();
        inner.put("schemaVersion", 2);
        inner.put("mediaType", MediaTypes.OCI_INDEX);
        inner.putArray("manifests").add(desc.deepCopy());
        ObjectNode arm = desc.deepCopy();
        ((ObjectNode) arm.get("platform")).put("architecture", "arm64");
        ((com.fasterxml.jackson.databind.node.ArrayNode) inner.get("manifests")).add(arm);
        byte[] ib = Json.compact(inner).getBytes(StandardCharsets.UTF_8);
        Digest id = TestImages.writeBlob(dir, ib);
        ObjectNode top = Json.object();
        top.put("schemaVersion", 2);
        ObjectNode d = top.putArray("manifests").addObject();
        d.put("mediaType", MediaTypes.OCI_INDEX).put("digest", id.toString()).put("size", ib.length);
        d.putObject("annotations").put("org.opencontainers.image.ref.name", "v1");
        Files.writeString(dir.resolve("index.json"), Json.compact(top));
        CartiException e = importFails();
        assertThat(e.kind()).isEqualTo(CartiException.Kind.NOT_FOUND);
        assertThat(e.getMessage()).isEqualTo(dir + " has no image for linux/riscv64 (it has: linux/amd64, linux/arm64)");
    }

    @Test
    void wrongArchitecture() throws Exception {
        TestImages.Config c = new TestImages.Config();
        c.architecture = "amd64";
        TestImages.layout(tmp.resolve("img"), "v1", c, List.of(layer(GZ, file("a", 0644, "a"))));
        assertThat(importFails().getMessage()).contains("is a linux/amd64 image, not linux/riscv64");
    }

    @Test
    void pathTraversal() throws Exception {
        image(List.of(layer(GZ, dir("etc", 0755), file("etc/../../evil", 0644, "x"))));
        assertThat(importFails().getMessage()).contains("escapes the root");
    }

    @Test
    void hardLinkEscape() throws Exception {
        image(List.of(layer(GZ, dir("etc", 0755), hardlink("etc/shadow", "../../etc/shadow"))));
        assertThat(importFails().getMessage()).contains("escapes the root");
    }

    @Test
    void emptyWhiteoutName() throws Exception {
        image(List.of(layer(GZ, dir("etc", 0755)), layer(GZ, file("etc/.wh.", 0644, ""))));
        assertThat(importFails().getMessage()).contains("names nothing");
    }

    @Test
    void decompressionBomb() throws Exception {
        byte[] zeros = new byte[32 << 20];
        image(List.of(layer(GZ, new TestImages.Entry("bomb", TarConstants.LF_NORMAL, 0644, 0, 0, zeros, null))));
        assertThat(Files.size(tmp.resolve("img/blobs/sha256/" + Files.list(tmp.resolve("img/blobs/sha256")).findFirst().orElseThrow().getFileName())))
                .isLessThan(1 << 20);
        assertThat(importFails(tmp.resolve("img").toString(), 8 << 20).getMessage())
                .contains("expands beyond the import limit of 8388608 bytes (a decompression bomb?)");
    }

    /** Empty files cost 512 bytes of tar each but heap for their metadata: their number is limited on its own. */
    @Test
    void tooManyEntries() throws Exception {
        List<TestImages.Entry> many = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) many.add(file("f" + i, 0644, ""));
        image(List.of(layer(GZ, many.toArray(TestImages.Entry[]::new))));
        ResolvedImage img = ImageSources.open(tmp.resolve("img").toString(), CartiEnv.of(tmp, tmp, java.util.Map.of()), false).resolve(Platform.RISCV64);
        try (LayerFlattener f = new LayerFlattener(Files.createDirectories(tmp.resolve("w")), 1 << 20, 50)) {
            assertThatThrownBy(() -> f.flatten(img.layers())).isInstanceOf(CartiException.class)
                    .hasMessageContaining("more than 50 entries, the import limit (a decompression bomb?)");
        }
        try (LayerFlattener f = new LayerFlattener(Files.createDirectories(tmp.resolve("w2")), 1 << 20, 101)) {
            assertThat(f.flatten(img.layers()).size()).isEqualTo(101); // the root and 100 files
        }
    }

    @Test
    void notAnImage() throws Exception {
        Files.writeString(tmp.resolve("notes.txt"), "hello");
        assertThat(importFails(tmp.resolve("notes.txt").toString(), 1 << 20).getMessage()).contains("notes.txt");
        assertThat(importFails(tmp.resolve("nothing-here").toString(), 1 << 20).getMessage()).contains("no such file, directory or image reference");
        // a missing tarball is a missing file, not a Docker Hub image to pull
        assertThat(importFails("missing.tar", 1 << 20).getMessage()).isEqualTo("no such file, directory or image reference: missing.tar");
    }
}
