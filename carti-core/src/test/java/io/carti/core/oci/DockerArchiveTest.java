package io.carti.core.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.carti.core.drive.FileTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker-save tarballs made by skopeo (legacy flavour) and the Docker ≥ 25 flavour (OCI layout + manifest.json). */
class DockerArchiveTest {
    @TempDir Path tmp;

    private static List<String> listing(FileTree t) {
        return t.nodes().stream().map(n -> n.path() + " " + n.type() + " " + n.mode() + " " + n.size() + " " + n.linkTarget()).toList();
    }

    private FileTree flatten(ImageSource s, String work) throws Exception {
        try (s) {
            return new LayerFlattener(Files.createDirectories(tmp.resolve(work)), 1L << 30).flatten(s.resolve(Platform.RISCV64).layers());
        }
    }

    @Test
    void legacyDockerSaveFromSkopeoFlattensLikeTheLayout() throws Exception {
        List<TestImages.LayerSpec> layers = TestImages.richImage().stream()
                .map(l -> l.compression() == TestImages.Compression.ZSTD ? new TestImages.LayerSpec(TestImages.Compression.GZIP, l.entries()) : l)
                .toList();
        TestImages.layout(tmp.resolve("img"), "v1", new TestImages.Config(), layers);
        TestImages.run(tmp, "skopeo", "copy", "oci:" + tmp.resolve("img") + ":v1", "docker-archive:" + tmp.resolve("saved.tar") + ":example.com/app:v1");
        String names = TestImages.run(tmp, "tar", "tf", tmp.resolve("saved.tar").toString());
        assertThat(names).contains("manifest.json").doesNotContain("index.json");

        FileTree fromTar = flatten(new DockerArchive(tmp.resolve("saved.tar"), null), "w1");
        FileTree fromLayout = flatten(new OciLayoutDir(tmp.resolve("img"), "v1"), "w2");
        assertThat(listing(fromTar)).isEqualTo(listing(fromLayout));
        // by tag as well
        assertThat(listing(flatten(new DockerArchive(tmp.resolve("saved.tar"), "example.com/app:v1"), "w3"))).isEqualTo(listing(fromLayout));
    }

    @Test
    void ociFlavouredDockerSave() throws Exception {
        TestImages.layout(tmp.resolve("img"), "v1", new TestImages.Config(), TestImages.richImage());
        // Docker >= 25: the layout itself, tarred, plus manifest.json pointing into blobs/
        TestImages.Built b = TestImages.layout(tmp.resolve("img2"), "v1", new TestImages.Config(), TestImages.richImage());
        StringBuilder layers = new StringBuilder();
        for (Digest d : b.layerDigests()) layers.append(layers.length() == 0 ? "" : ",").append("\"blobs/sha256/").append(d.hex()).append('"');
        String configHex = io.carti.core.json.Json.readIfExists(tmp.resolve("img2/blobs/sha256/" + b.manifestDigest().hex())).at("/config/digest").asText().substring(7);
        Files.writeString(tmp.resolve("img2/manifest.json"), "[{\"Config\":\"blobs/sha256/" + configHex + "\",\"RepoTags\":[\"app:v1\"],\"Layers\":[" + layers + "]}]");
        TestImages.run(tmp.resolve("img2"), "tar", "cf", tmp.resolve("docker25.tar").toString(), ".");
        FileTree fromTar = flatten(new DockerArchive(tmp.resolve("docker25.tar"), null), "w1");
        assertThat(listing(fromTar)).isEqualTo(listing(flatten(new OciLayoutDir(tmp.resolve("img"), "v1"), "w2")));

        // without manifest.json the index is used
        Files.delete(tmp.resolve("img2/manifest.json"));
        TestImages.run(tmp.resolve("img2"), "tar", "cf", tmp.resolve("oci.tar").toString(), ".");
        assertThat(listing(flatten(new DockerArchive(tmp.resolve("oci.tar"), "v1"), "w3"))).isEqualTo(listing(fromTar));
    }

    /** A tarball holding two images (as {@code docker save a b} writes it): one is picked by its repo:tag, written after the file name. */
    @Test
    void oneOfSeveralImagesByTag() throws Exception {
        Path merged = Files.createDirectories(tmp.resolve("merged"));
        StringBuilder manifests = new StringBuilder();
        for (String v : List.of("v1", "v2")) {
            TestImages.layout(tmp.resolve("img-" + v), v, new TestImages.Config(), List.of(TestImages.layer(TestImages.Compression.GZIP,
                    TestImages.file("version", 0644, v + "\n"))));
            Path tar = tmp.resolve(v + ".tar");
            TestImages.run(tmp, "skopeo", "copy", "oci:" + tmp.resolve("img-" + v) + ":" + v, "docker-archive:" + tar + ":example.com/app:" + v);
            Path x = Files.createDirectories(tmp.resolve("x-" + v));
            TestImages.run(x, "tar", "xf", tar.toString());
            String m = Files.readString(x.resolve("manifest.json")).trim();
            manifests.append(manifests.length() == 0 ? "" : ",").append(m, 1, m.length() - 1);
            Files.delete(x.resolve("manifest.json"));
            TestImages.run(x, "cp", "-a", ".", merged.toString());
        }
        Files.writeString(merged.resolve("manifest.json"), "[" + manifests + "]");
        Path both = tmp.resolve("both.tar");
        TestImages.run(merged, "tar", "cf", both.toString(), ".");

        io.carti.core.CartiEnv env = io.carti.core.CartiEnv.of(tmp, tmp, java.util.Map.of());
        for (String pick : List.of("example.com/app:v2", "app:v2", "v2")) {
            FileTree t = flatten(ImageSources.open("both.tar:" + pick, env, false), "w-" + pick.replace('/', '_').replace(':', '_'));
            try (java.io.InputStream in = t.get("version").orElseThrow().content().open()) {
                assertThat(new String(in.readAllBytes())).as(pick).isEqualTo("v2\n");
            }
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImageSources.open("both.tar", env, false).resolve(Platform.RISCV64))
                .hasMessageContaining("holds 2 images; name one as both.tar:<repo:tag>");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImageSources.open("both.tar:app:v3", env, false).resolve(Platform.RISCV64))
                .hasMessage("no image tagged 'app:v3' in " + both);
    }
}
