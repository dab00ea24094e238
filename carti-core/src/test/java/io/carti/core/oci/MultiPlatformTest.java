package io.carti.core.oci;

import static io.carti.core.oci.TestImages.file;
import static io.carti.core.oci.TestImages.layer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.CartiEnv;
import io.carti.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-platform image (a tagged index of per-platform manifests, as {@code docker buildx} writes it): carti
 * picks the manifest skopeo picks for the same platform, from a layout and from docker-registry.
 */
class MultiPlatformTest {
    @TempDir Path tmp;

    private Digest image(Path dir, String arch) throws Exception {
        TestImages.Config c = new TestImages.Config();
        c.architecture = arch;
        return TestImages.layout(dir, "only-" + arch, c, List.of(layer(TestImages.Compression.GZIP, file("arch", 0644, arch + "\n")))).manifestDigest();
    }

    /** index.json → (tag v1) image index → amd64, riscv64, arm64 manifests. */
    private Path multiPlatformLayout() throws Exception {
        Path dir = tmp.resolve("multi");
        ObjectNode inner = Json.object();
        inner.put("schemaVersion", 2);
        inner.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode manifests = inner.putArray("manifests");
        for (String arch : List.of("amd64", "riscv64", "arm64")) {
            Digest d = image(dir, arch);
            ObjectNode desc = Descriptor.of(MediaTypes.OCI_MANIFEST, d, Files.size(dir.resolve("blobs/sha256/" + d.hex()))).toJson();
            desc.putObject("platform").put("architecture", arch).put("os", "linux");
            manifests.add(desc);
        }
        byte[] ib = Json.compact(inner).getBytes(StandardCharsets.UTF_8);
        Digest id = TestImages.writeBlob(dir, ib);
        ObjectNode top = Json.object();
        top.put("schemaVersion", 2);
        ObjectNode d = top.putArray("manifests").addObject();
        d.put("mediaType", MediaTypes.OCI_INDEX).put("digest", id.toString()).put("size", ib.length);
        d.putObject("annotations").put("org.opencontainers.image.ref.name", "v1");
        Files.writeString(dir.resolve("index.json"), Json.compact(top));
        return dir;
    }

    /** The manifest skopeo chooses for a platform: copied alone (unchanged) into a fresh layout, whose index names it. */
    private String skopeoPicks(String arch, String image) throws Exception {
        Path out = tmp.resolve("picked-" + arch + "-" + Math.abs(image.hashCode()));
        TestImages.run(tmp, "skopeo", "--override-os", "linux", "--override-arch", arch, "copy", "--src-tls-verify=false",
                "--preserve-digests", image, "oci:" + out + ":picked");
        return Json.readIfExists(out.resolve("index.json")).at("/manifests/0/digest").asText();
    }

    @Test
    void picksTheRequestedPlatformLikeSkopeo() throws Exception {
        Path dir = multiPlatformLayout();
        for (String arch : List.of("riscv64", "amd64")) {
            ResolvedImage img = new OciLayoutDir(dir, "v1").resolve(Platform.parse("linux/" + arch));
            assertThat(img.manifestDigest().toString()).as(arch).isEqualTo(skopeoPicks(arch, "oci:" + dir + ":v1"));
            assertThat(img.config().platform()).hasToString("linux/" + arch);
        }
        try (LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"), null, null)) {
            String ref = registry.host() + "/multi/app:v1";
            TestImages.run(tmp, "skopeo", "copy", "--all", "--dest-tls-verify=false", "oci:" + dir + ":v1", "docker://" + ref);
            try (ImageSource s = ImageSources.open(ref, CartiEnv.of(tmp, tmp, Map.of()), false)) {
                assertThat(s.resolve(Platform.RISCV64).manifestDigest().toString()).isEqualTo(skopeoPicks("riscv64", "docker://" + ref));
            }
        }
    }
}
