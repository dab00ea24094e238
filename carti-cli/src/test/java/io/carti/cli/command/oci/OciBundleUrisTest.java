package io.carti.cli.command.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.cli.CliHarness;
import io.carti.core.json.Json;
import io.carti.core.lua.PackageOracle;
import io.carti.core.oci.ArtifactPusher;
import io.carti.core.oci.Digest;
import io.carti.core.oci.LocalRegistry;
import io.carti.core.oci.Reference;
import io.carti.core.oci.RegistryClient;
import io.carti.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code oci://…@sha256:…} listing uris made by {@code publish oci} to Debian's docker-registry, fetched by
 * {@code get} and {@code machine install}; a registry whose storage was tampered with (blob or manifest) and an
 * artifact whose bytes are not the listed CID fail the install, and nothing enters the store.
 */
class OciBundleUrisTest {
    private static final Pattern BUNDLED = Pattern.compile("bundled: (\\S+) as (\\S+)\n");
    @TempDir static Path shared;
    static LocalRegistry registry;
    /** the publisher's project: rom, linux and rootfs fixtures bundled and pushed, listed in its bundles.json */
    static Path repo;
    static String rom;
    static String linux;
    static String rootfs;
    @TempDir Path tmp;

    @BeforeAll
    static void publishTheFixtures() throws Exception {
        registry = LocalRegistry.start(shared.resolve("registry"), null, null);
        repo = Files.createDirectories(shared.resolve("repo"));
        CliHarness a = new CliHarness(repo, Files.createDirectories(shared.resolve("home-repo")));
        rom = publish(a, "rom", "rom", "rom.bin");
        linux = publish(a, "ram", "linux", "linux.bin");
        rootfs = publish(a, "flashdrive", "rootfs", "rootfs.ext2");
    }

    private static String publish(CliHarness a, String type, String name, String fixture) {
        CliHarness.Result b = a.run("bundle", "-t", type, "-n", name, "-v", "1", "-d", "x", Fixtures.path(fixture).toString());
        Matcher m = BUNDLED.matcher(b.out());
        assertThat(m.find()).as(b.toString()).isTrue();
        CliHarness.Result p = a.run("publish", "oci", "-y", name, registry.host() + "/fixtures/" + name);
        assertThat(p.exit()).as(p.toString()).isZero();
        return m.group(2);
    }

    @AfterAll
    static void stop() {
        if (registry != null) registry.close();
    }

    private CliHarness carti(String project) throws Exception {
        return new CliHarness(Files.createDirectories(tmp.resolve(project)), Files.createDirectories(tmp.resolve("home-" + project)))
                .env("CARTI_NET_RETRY_DELAY_MS", "1");
    }

    private static String uriOf(String name) throws Exception {
        for (var b : Json.readIfExists(repo.resolve("bundles.json")).path("bundles")) {
            if (b.path("name").asText().equals(name)) return b.path("uri").asText();
        }
        throw new AssertionError("no " + name + " in " + repo.resolve("bundles.json"));
    }

    @Test
    void getInstallsAnOciUriAndPrintsWhereItIs() throws Exception {
        assertThat(uriOf("rootfs")).matches("oci://" + Pattern.quote(registry.host()) + "/fixtures/rootfs@sha256:[0-9a-f]{64}");
        CliHarness b = carti("get");
        assertThat(b.run("repo", "add", repo.toString()).exit()).isZero();
        CliHarness.Result got = b.run("get", "-p", "-y", "rootfs");
        assertThat(got.exit()).as(got.toString()).isZero();
        Path file = b.cwd().resolve("carti_bundles").resolve(rootfs).resolve("rootfs.ext2");
        assertThat(got.out()).isEqualTo(file + "\n");
        assertThat(file).hasSameBinaryContentAs(Fixtures.path("rootfs.ext2"));
    }

    @Test
    void machineInstallFetchesEveryDriveFromTheRegistry() throws Exception {
        // upstream's default package (machine init) with the published fixtures in place of the default images
        CliHarness scratch = carti("scratch");
        assertThat(scratch.run("machine", "init").exit()).isZero();
        String text = Files.readString(scratch.cwd().resolve("carti-machine-package.json"))
                .replace("baenrwigwdfweve3apyvwicc2zpmzz6vdhsg62xnmzhauruw6ud4dbbafuq", rom)
                .replace("baenrwia5vqqvdu5chzjqq57tfo45z2txorpnmljeiuwemcibba43noqpvu", linux)
                .replace("baenrwig2hfjzzeqmozb7sws6tyxmyazvuipjp5hxamtllifsokwh73eucy", rootfs)
                .replace("linux-5.5.19-ctsi-2.bin", "linux.bin");
        ObjectNode pkg = (ObjectNode) Json.parse(text, "pkg");
        pkg.putArray("repos").add(repo.toString());
        Path pkgFile = tmp.resolve("carti-machine-package.json");
        Files.writeString(pkgFile, Json.pretty(pkg));

        CliHarness c = carti("machine");
        CliHarness.Result r = c.run("machine", "install", pkgFile.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("Successful machine installed\n");
        for (String[] f : new String[][] {{rom, "rom.bin"}, {linux, "linux.bin"}, {rootfs, "rootfs.ext2"}}) {
            assertThat(c.cwd().resolve("carti_bundles").resolve(f[0]).resolve(f[1])).hasSameBinaryContentAs(Fixtures.path(f[1]));
        }
        PackageOracle.assertBuiltFrom(c.cwd().resolve("machine-config.lua"), pkgFile, "/opt/carti/packages", "0.7");
    }

    /** docker-registry serves what its storage holds; carti must notice bytes that are not what the digest names. */
    @Test
    void tamperedRegistryStorageFailsTheDigestAndStoresNothing() throws Exception {
        try (LocalRegistry own = LocalRegistry.start(tmp.resolve("own"), null, null)) {
            Path file = tmp.resolve("hello.txt");
            Files.copy(Fixtures.path("hello.txt"), file);
            CliHarness a = carti("tamper-repo");
            CliHarness.Result b = a.run("bundle", "-t", "flashdrive", "-n", "hello", "-v", "1", "-d", "x", file.toString());
            Matcher m = BUNDLED.matcher(b.out());
            assertThat(m.find()).as(b.toString()).isTrue();
            assertThat(a.run("publish", "oci", "-y", "hello", own.host() + "/t/hello").exit()).isZero();
            String uri = Json.readIfExists(a.cwd().resolve("bundles.json")).at("/bundles/0/uri").asText();
            Digest manifest = Digest.parse(uri.substring(uri.indexOf('@') + 1));
            Path blobs = tmp.resolve("own/data/docker/registry/v2/blobs/sha256");

            Path layerData = blobs.resolve(Digest.sha256(Files.readAllBytes(file)).hex().substring(0, 2))
                    .resolve(Digest.sha256(Files.readAllBytes(file)).hex()).resolve("data");
            byte[] original = Files.readAllBytes(layerData);
            byte[] evil = original.clone();
            evil[0] ^= 1;
            Files.write(layerData, evil);
            CliHarness c = carti("tamper-install");
            assertThat(c.run("repo", "add", a.cwd().toString()).exit()).isZero();
            CliHarness.Result bad = c.run("install", "-y", "hello");
            assertThat(bad.exit()).as(bad.toString()).isEqualTo(1);
            assertThat(bad.err()).contains("error: ").contains("digest mismatch");
            assertThat(c.cwd().resolve("carti_bundles").resolve(m.group(2))).doesNotExist();
            Files.write(layerData, original);

            Path manifestData = blobs.resolve(manifest.hex().substring(0, 2)).resolve(manifest.hex()).resolve("data");
            String json = Files.readString(manifestData);
            Files.writeString(manifestData, json.replace("\"schemaVersion\":2", "\"schemaVersion\": 2"));
            CliHarness.Result badManifest = c.run("install", "-y", "hello");
            assertThat(badManifest.exit()).as(badManifest.toString()).isEqualTo(1);
            assertThat(badManifest.err()).contains("manifest t/hello:" + manifest).contains("digest mismatch");
            assertThat(c.cwd().resolve("carti_bundles").resolve(m.group(2))).doesNotExist();
            Files.writeString(manifestData, json);
            CliHarness.Result good = c.run("install", "-y", "hello");
            assertThat(good.exit()).as(good.toString()).isZero();
            assertThat(c.cwd().resolve("carti_bundles").resolve(m.group(2)).resolve("hello.txt")).hasSameBinaryContentAs(file);
        }
    }

    /** An artifact whose CID annotation agrees with the listing but whose bytes are another file: the carti CID check refuses it. */
    @Test
    void anArtifactHoldingOtherBytesFailsTheCidCheck() throws Exception {
        ArtifactPusher.Pushed p = new ArtifactPusher(new RegistryClient(registry.host(), false, Optional.empty()))
                .push(Fixtures.path("linux.bin"), "rom", "rom", "1", rom, "rom.bin", Reference.parse(registry.host() + "/liar/rom:1"));
        Path liar = Files.createDirectories(tmp.resolve("liar"));
        Files.writeString(liar.resolve("bundles.json"), "{\"bundles\":[{\"bundleType\":\"rom\",\"name\":\"rom\",\"fileName\":\"rom.bin\",\"id\":\""
                + rom + "\",\"version\":\"1\",\"uri\":\"" + p.uri() + "\"}]}");
        CliHarness c = carti("liar-install");
        assertThat(c.run("repo", "add", liar.toString()).exit()).isZero();
        CliHarness.Result r = c.run("install", "-y", "rom");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("error: ").contains(rom);
        assertThat(c.cwd().resolve("carti_bundles").resolve(rom)).doesNotExist();
    }
}
