package io.carti.core.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.carti.core.CartiEnv;
import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.drive.FileTree;
import io.carti.core.json.Json;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pull and push against a real docker-registry, anonymous and with htpasswd (Basic) auth. */
class RegistryTest {
    @TempDir static Path shared;
    static LocalRegistry open;
    static LocalRegistry locked;
    @TempDir Path tmp;

    @BeforeAll
    static void start() throws Exception {
        open = LocalRegistry.start(shared.resolve("open"), null, null);
        locked = LocalRegistry.start(shared.resolve("locked"), "alice", "s3cret");
    }

    @AfterAll
    static void stop() {
        if (open != null) open.close();
        if (locked != null) locked.close();
    }

    private static List<TestImages.LayerSpec> gzipOnly() {
        return TestImages.richImage().stream()
                .map(l -> l.compression() == TestImages.Compression.ZSTD ? new TestImages.LayerSpec(TestImages.Compression.GZIP, l.entries()) : l)
                .toList();
    }

    private static List<String> paths(FileTree t) {
        return t.nodes().stream().map(n -> n.path() + " " + n.type() + " " + n.size() + " " + n.linkTarget()).toList();
    }

    @Test
    void pullsAnImagePushedBySkopeo() throws Exception {
        // gzip and zstd layers as they are (skopeo compresses the plain one on its way to a registry)
        TestImages.Built built = TestImages.layout(tmp.resolve("img"), "v1", new TestImages.Config(), TestImages.richImage());
        TestImages.run(tmp, "skopeo", "copy", "--dest-tls-verify=false", "oci:" + tmp.resolve("img") + ":v1", "docker://" + open.host() + "/team/app:v1");

        assertThat(TestImages.run(tmp, "skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + open.host() + "/team/app:v1"))
                .contains(MediaTypes.OCI_LAYER_ZSTD, MediaTypes.OCI_LAYER_GZIP);
        CartiEnv env = CartiEnv.of(tmp, tmp.resolve("home"), Map.of());
        ResolvedImage pulled;
        try (ImageSource s = ImageSources.open(open.host() + "/team/app:v1", env, false)) {
            pulled = s.resolve(Platform.RISCV64);
        }
        assertThat(pulled.config().diffIds()).isEqualTo(built.diffIds());
        FileTree fromRegistry = new LayerFlattener(Files.createDirectories(tmp.resolve("w1")), 1L << 30).flatten(pulled.layers());
        FileTree fromLayout = new LayerFlattener(Files.createDirectories(tmp.resolve("w2")), 1L << 30)
                .flatten(new OciLayoutDir(tmp.resolve("img"), "v1").resolve(Platform.RISCV64).layers());
        assertThat(paths(fromRegistry)).isEqualTo(paths(fromLayout));

        // by digest too, and a wrong digest is refused
        try (ImageSource s = ImageSources.open(open.host() + "/team/app@" + pulled.manifestDigest(), env, false)) {
            assertThat(s.resolve(Platform.RISCV64).config().diffIds()).isEqualTo(built.diffIds());
        }
        assertThatThrownBy(() -> ImageSources.open(open.host() + "/team/app:nope", env, false).resolve(Platform.RISCV64))
                .isInstanceOf(CartiException.class).hasMessageContaining("not found");
    }

    @Test
    void pushesABundleAsAnOrasArtifactAndFetchesItBack() throws Exception {
        Path file = tmp.resolve("data.ext2");
        byte[] content = new byte[200_000];
        new java.util.Random(7).nextBytes(content);
        Files.write(file, content);
        RegistryClient client = new RegistryClient(open.host(), false, Optional.empty());
        ArtifactPusher.Pushed p = new ArtifactPusher(client).push(file, "flashdrive", "data", "1.2.0", "bafyfakecid", "data.ext2",
                Reference.parse(open.host() + "/bundles/data:1.2.0"));
        assertThat(p.uri()).isEqualTo("oci://" + open.host() + "/bundles/data@" + p.manifestDigest());

        // an independent reader sees the ORAS shape
        JsonNode m = Json.parse(TestImages.run(tmp, "skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + open.host() + "/bundles/data:1.2.0"), "manifest");
        assertThat(m.get("artifactType").asText()).isEqualTo("application/vnd.cartesi.flashdrive.v1");
        assertThat(m.at("/config/mediaType").asText()).isEqualTo(MediaTypes.OCI_EMPTY);
        assertThat(m.at("/layers/0/annotations/org.opencontainers.image.title").asText()).isEqualTo("data.ext2");
        assertThat(m.at("/annotations/io.cartesi.carti.cid").asText()).isEqualTo("bafyfakecid");
        assertThat(m.at("/layers/0/digest").asText()).isEqualTo(Digest.sha256(content).toString());

        Bundle b = new Bundle("flashdrive", "data", "data.ext2", "bafyfakecid", null, "1.2.0", p.uri(), null);
        try (InputStream in = new OciSource(CartiEnv.of(tmp, tmp, Map.of())).open(p.uri(), b, 0)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        Bundle other = new Bundle("flashdrive", "data", "data.ext2", "bafyother", null, "1.2.0", p.uri(), null);
        assertThatThrownBy(() -> new OciSource(CartiEnv.of(tmp, tmp, Map.of())).open(p.uri(), other, 0))
                .hasMessageContaining("listing expects bafyother");
    }

    @Test
    void basicAuthFromDockerConfigCartiLoginOrNothing() throws Exception {
        TestImages.layout(tmp.resolve("img"), "v1", new TestImages.Config(), gzipOnly());
        TestImages.run(tmp, "skopeo", "copy", "--dest-tls-verify=false", "--dest-creds=alice:s3cret",
                "oci:" + tmp.resolve("img") + ":v1", "docker://" + locked.host() + "/private/app:v1");
        String ref = locked.host() + "/private/app:v1";

        Path anonHome = Files.createDirectories(tmp.resolve("anon"));
        assertThatThrownBy(() -> ImageSources.open(ref, CartiEnv.of(tmp, anonHome, Map.of()), false).resolve(Platform.RISCV64))
                .hasMessageContaining("authentication required; run 'carti login " + locked.host() + "'");

        Path dockerHome = Files.createDirectories(tmp.resolve("docker-home/.docker"));
        Files.writeString(dockerHome.resolve("config.json"), "{\"auths\":{\"" + locked.host() + "\":{\"auth\":\""
                + new Credential("alice", "s3cret").toAuth() + "\"}}}");
        try (ImageSource s = ImageSources.open(ref, CartiEnv.of(tmp, tmp.resolve("docker-home"), Map.of()), false)) {
            assertThat(s.resolve(Platform.RISCV64).layers()).hasSize(4);
        }

        CartiEnv cartiEnv = CartiEnv.of(tmp, Files.createDirectories(tmp.resolve("carti-home")), Map.of());
        RegistryCredentials creds = new RegistryCredentials(cartiEnv);
        creds.store(locked.host(), new Credential("alice", "wrong"));
        assertThatThrownBy(() -> ImageSources.open(ref, cartiEnv, false).resolve(Platform.RISCV64)).hasMessageContaining("credentials rejected");
        creds.store(locked.host(), new Credential("alice", "s3cret"));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(creds.cartiFile()))).isEqualTo("rw-------");
        try (ImageSource s = ImageSources.open(ref, cartiEnv, false)) {
            assertThat(s.resolve(Platform.RISCV64).layers()).hasSize(4);
        }
        assertThat(creds.remove(locked.host())).isTrue();
        assertThat(creds.lookup(locked.host())).isEmpty();
    }

    /** A docker credential helper (the real protocol: {@code get}, server on stdin, JSON on stdout) named by credHelpers or credsStore. */
    @Test
    void credentialsFromCredHelpersAndCredsStore() throws Exception {
        TestImages.layout(tmp.resolve("img"), "v1", new TestImages.Config(), gzipOnly());
        TestImages.run(tmp, "skopeo", "copy", "--dest-tls-verify=false", "--dest-creds=alice:s3cret",
                "oci:" + tmp.resolve("img") + ":v1", "docker://" + locked.host() + "/helped/app:v1");
        String ref = locked.host() + "/helped/app:v1";
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path asked = tmp.resolve("asked.log");
        Path helper = bin.resolve("docker-credential-carti-test");
        Files.writeString(helper, "#!/bin/sh\n[ \"$1\" = get ] || exit 3\nread server\necho \"$server\" >> " + asked + "\n"
                + "if [ \"$server\" = " + locked.host() + " ]; then printf '{\"ServerURL\":\"%s\",\"Username\":\"alice\",\"Secret\":\"s3cret\"}' \"$server\"; exit 0; fi\n"
                + "echo 'credentials not found in native keychain'; exit 1\n");
        helper.toFile().setExecutable(true);
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path config = Files.createDirectories(home.resolve(".docker")).resolve("config.json");
        CartiEnv env = CartiEnv.of(tmp, home, Map.of("PATH", bin + ":/usr/bin:/bin"));

        Files.writeString(config, "{\"credHelpers\":{\"" + locked.host() + "\":\"carti-test\"}}");
        try (ImageSource s = ImageSources.open(ref, env, false)) {
            assertThat(s.resolve(Platform.RISCV64).layers()).hasSize(4);
        }
        // credsStore, with the empty auths entry docker writes next to it
        Files.writeString(config, "{\"auths\":{\"" + locked.host() + "\":{}},\"credsStore\":\"carti-test\"}");
        try (ImageSource s = ImageSources.open(ref, env, false)) {
            assertThat(s.resolve(Platform.RISCV64).layers()).hasSize(4);
        }
        assertThat(Files.readAllLines(asked)).containsExactly(locked.host(), locked.host());
        // credHelpers wins over credsStore; a helper that knows nothing means no credentials
        Files.writeString(config, "{\"credHelpers\":{\"" + locked.host() + "\":\"carti-none\"},\"credsStore\":\"carti-test\"}");
        Files.writeString(bin.resolve("docker-credential-carti-none"), "#!/bin/sh\necho 'credentials not found in native keychain'; exit 1\n");
        bin.resolve("docker-credential-carti-none").toFile().setExecutable(true);
        assertThatThrownBy(() -> ImageSources.open(ref, env, false).resolve(Platform.RISCV64))
                .hasMessageContaining("authentication required; run 'carti login " + locked.host() + "'");
        assertThat(Files.readAllLines(asked)).hasSize(2);
    }
}
