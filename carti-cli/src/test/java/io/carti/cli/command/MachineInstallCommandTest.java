package io.carti.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.cli.CliHarness;
import io.carti.core.install.TestHttpServer;
import io.carti.core.json.Json;
import io.carti.core.lua.PackageOracle;
import io.carti.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code machine install} of a package served over HTTP, its bundles listed in a repo and served by the same server. */
class MachineInstallCommandTest {
    static final String ROM = InstallCommandTest.ROM;
    static final String LINUX = InstallCommandTest.LINUX;
    static final String ROOTFS = InstallCommandTest.ROOTFS;

    @TempDir Path proj;
    @TempDir Path home;
    @TempDir Path repo;
    TestHttpServer http;
    String pkgUrl;

    @BeforeEach void setUp() throws Exception {
        http = TestHttpServer.start();
        http.serveFile("/rom.bin", Fixtures.path("rom.bin"));
        http.serveFile("/linux.bin", Fixtures.path("linux.bin"));
        http.serveFile("/rootfs.ext2", Fixtures.path("rootfs.ext2"));
        InstallCommandTest.writeListing(repo, InstallCommandTest.entry("rom", "rom", "rom.bin", ROM, "1", http.url("/rom.bin")) + ","
                + InstallCommandTest.entry("ram", "linux", "linux.bin", LINUX, "1", http.url("/linux.bin")) + ","
                + InstallCommandTest.entry("flashdrive", "rootfs", "rootfs.ext2", ROOTFS, "1", http.url("/rootfs.ext2")));
        // upstream's default package (machine init) with the fixtures in place of the default images
        Path scratch = proj.resolve("scratch");
        Files.createDirectories(scratch);
        assertThat(new CliHarness(scratch, home).run("machine", "init").exit()).isZero();
        String text = Files.readString(scratch.resolve("carti-machine-package.json"))
                .replace("baenrwigwdfweve3apyvwicc2zpmzz6vdhsg62xnmzhauruw6ud4dbbafuq", ROM)
                .replace("baenrwia5vqqvdu5chzjqq57tfo45z2txorpnmljeiuwemcibba43noqpvu", LINUX)
                .replace("baenrwig2hfjzzeqmozb7sws6tyxmyazvuipjp5hxamtllifsokwh73eucy", ROOTFS)
                .replace("linux-5.5.19-ctsi-2.bin", "linux.bin");
        ObjectNode pkg = (ObjectNode) Json.parse(text, "pkg");
        pkg.putArray("repos").add(repo.toString());
        http.serve("/machine/carti-machine-package.json", Json.pretty(pkg).getBytes());
        pkgUrl = http.url("/machine/carti-machine-package.json");
    }

    @AfterEach void tearDown() { http.close(); }

    CliHarness.Result carti(String... args) { return new CliHarness(proj, home).env("CARTI_NET_RETRY_DELAY_MS", "1").run(args); }

    /**
     * §3.13: upstream installed the assets one after the other, so the installed index lists them in the package's
     * order. Parallel downloads finishing in another order (the first asset served slowly) must not change that.
     */
    @Test void theIndexListsTheAssetsInPackageOrderWhateverOrderTheDownloadsFinish() throws Exception {
        http.serveFile("/rom.bin", Fixtures.path("rom.bin"), TestHttpServer.throttled(4));
        CliHarness.Result r = carti("machine", "install", "-j", "3", "--nobuild", "--nobundle", pkgUrl);
        assertThat(r.exit()).as(r.toString()).isZero();
        Path store = proj.resolve("carti_bundles");
        assertThat(Json.readIfExists(store.resolve(".carti/.bundles_index.json")).fieldNames()).toIterable().containsExactly(
                store.resolve(ROM).resolve("rom.bin").toString(), store.resolve(LINUX).resolve("linux.bin").toString(),
                store.resolve(ROOTFS).resolve("rootfs.ext2").toString());
    }

    /** §3.13: an asset whose store directory exists is skipped ("Skipping install, found bundle"), index untouched. */
    @Test void aSkippedAssetKeepsItsIndexEntry() throws Exception {
        Files.copy(Fixtures.path("rom.bin"), proj.resolve("myrom.bin"));
        assertThat(carti("bundle", "-t", "rom", "-n", "myrom", "-v", "9", "-d", "x", "myrom.bin").exit()).isZero();
        Path index = proj.resolve("carti_bundles/.carti/.bundles_index.json");
        String before = Files.readString(index);
        CliHarness.Result r = carti("machine", "install", "--nobuild", pkgUrl);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).contains("Skipping install, found bundle: rom");
        String entry = before.substring(before.indexOf('[') - 1, before.lastIndexOf(']') + 1); // the myrom entry, as written
        assertThat(Files.readString(index)).startsWith("{\n  \"" + proj.resolve("carti_bundles").resolve(ROM).resolve("myrom.bin") + "\":")
                .contains(entry).contains("\"name\": \"myrom\"");
        assertThat(carti("list").out()).startsWith("@rom/myrom:9:" + ROM + ":local\n");
    }

    @Test void installsAPackageFromAUrlWithParallelDownloads() throws Exception {
        CliHarness.Result r = carti("machine", "install", "-j", "3", "-s", pkgUrl);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("Successful machine installed\n");
        assertThat(r.err()).contains("- adding repo: " + repo, "- Installing bundle: rom", "- Installing bundle: linux",
                "- Installing bundle: rootfs", "- fetched rootfs (10 B");
        for (String[] f : new String[][] {{ROM, "rom.bin"}, {LINUX, "linux.bin"}, {ROOTFS, "rootfs.ext2"}}) {
            assertThat(Files.mismatch(proj.resolve("carti_bundles").resolve(f[0]).resolve(f[1]), Fixtures.path(f[1]))).isEqualTo(-1);
            assertThat(Files.mismatch(proj.resolve("carti_build/bundles").resolve(f[0]).resolve(f[1]), Fixtures.path(f[1]))).isEqualTo(-1);
            assertThat(Json.readIfExists(proj.resolve("carti_build/bundles").resolve(f[0]).resolve("carti-meta.json")).get("id").asText())
                    .isEqualTo(f[0]);
        }
        assertThat(Json.readIfExists(proj.resolve("carti_bundles/.carti/.bundles_index.json")).size()).isEqualTo(3);
        assertThat(Files.readString(proj.resolve("machine-config.lua")))
                .contains("image_filename = \"/opt/carti/packages/" + ROM + "/rom.bin\"")
                .contains("image_filename = \"/opt/carti/packages/" + ROOTFS + "/rootfs.ext2\"");
        PackageOracle.assertBuiltFrom(proj.resolve("machine-config.lua"), proj.resolve("carti-machine-package.json"), "/opt/carti/packages", "0.7");
        assertThat(Json.readIfExists(proj.resolve("carti-machine-package.json")).get("repos").get(0).asText()).isEqualTo(repo.toString());

        CliHarness.Result again = carti("machine", "install", pkgUrl);
        PackageOracle.assertBuiltFrom(proj.resolve("machine-config.lua"), proj.resolve("carti-machine-package.json"), "/opt/carti/packages", "0.7");
        assertThat(again.err()).contains("- skipping adding repo, already knows repo: " + repo, "- Skipping install, found bundle: rom");
        assertThat(http.requests("/rom.bin")).hasSize(1);
    }

    @Test void globalWithoutBundleDirOrConfig() {
        CliHarness.Result r = carti("machine", "install", "-g", "--nobundle", "--nobuild", pkgUrl);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(home.resolve(".carti/carti_bundles").resolve(LINUX).resolve("linux.bin")).hasContent("fakelinux");
        assertThat(Json.readIfExists(home.resolve(".carti/carti_bundles/.carti-disk/.bundles_index.json")).size()).isEqualTo(3);
        assertThat(proj.resolve("carti_build")).doesNotExist();
        assertThat(proj.resolve("carti_bundles")).doesNotExist();
        assertThat(proj.resolve("machine-config.lua")).doesNotExist();
        // a local install afterwards copies from the global store, without network
        String saved = savedPackage();
        CliHarness.Result local = carti("--offline", "machine", "install", "--norepo", saved);
        assertThat(local.exit()).as(local.toString()).isZero();
        assertThat(http.requests("/linux.bin")).hasSize(1);
        PackageOracle.assertBuiltFrom(proj.resolve("machine-config.lua"), Path.of(saved), "/opt/carti/packages", "0.7");
    }

    private String savedPackage() {
        try {
            Path p = proj.resolve("saved.json");
            Files.writeString(p, new String(java.net.URI.create(pkgUrl).toURL().openStream().readAllBytes()));
            return p.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test void aMissingPackageUrlFails() {
        CliHarness.Result r = carti("machine", "install", http.url("/nope.json"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("error: Could not process package file from " + http.url("/nope.json"));
        assertThat(proj.resolve("carti_build")).doesNotExist();
    }
}
