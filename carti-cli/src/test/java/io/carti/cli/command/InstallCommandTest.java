package io.carti.cli.command;

import static io.carti.core.install.TestHttpServer.bytes;
import static io.carti.core.install.TestHttpServer.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.carti.cli.CliHarness;
import io.carti.core.install.TestHttpServer;
import io.carti.core.json.Json;
import io.carti.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code install} and {@code get} through the whole CLI: a directory repo whose uris point at a real HTTP server. */
class InstallCommandTest {
    // CIDs of the shared fixtures, from upstream's tests and the golden table (not computed here)
    static final String ROM = "baenrwigfd3thblxcse7nvzwsebphtfre5nsmfl3wymz5n3jgi3aqwhsocy";
    static final String LINUX = "baenrwiekn3qdmotnl3jm5swsespejzbycv2wjb2itzzy3n4ouezhv4s34u";
    static final String ROOTFS = "baenrwiabbgzc4nlhtpzs67lcpik3ldxdmmzttpd6batfcdk6vvpt36lofe";

    @TempDir Path proj;
    @TempDir Path home;
    @TempDir Path repo;
    TestHttpServer http;

    @BeforeEach void setUp() throws Exception {
        http = TestHttpServer.start();
        http.serveFile("/rom.bin", Fixtures.path("rom.bin"));
        http.serveFile("/linux.bin", Fixtures.path("linux.bin"));
        http.serve("/evil.bin", new byte[0], bytes("not rootfs".getBytes()));
        http.serve("/down.bin", new byte[0], status(404));
        http.serveFile("/rootfs.ext2", Fixtures.path("rootfs.ext2"));
        writeListing(repo, entry("rom", "rom", "rom.bin", ROM, "1.0.0", http.url("/rom.bin")) + ","
                + entry("ram", "linux", "linux.bin", LINUX, "1.0.0", http.url("/linux.bin")) + ","
                + entry("flashdrive", "rootfs", "rootfs.ext2", ROOTFS, "1.0.0", http.url("/evil.bin")));
    }

    @AfterEach void tearDown() { http.close(); }

    static String entry(String type, String name, String file, String cid, String version, String uri) {
        return "{\"bundleType\":\"" + type + "\",\"name\":\"" + name + "\",\"fileName\":\"" + file + "\",\"id\":\"" + cid
                + "\",\"version\":\"" + version + "\",\"uri\":\"" + uri + "\"}";
    }

    static void writeListing(Path dir, String entries) throws Exception {
        Files.writeString(dir.resolve("bundles.json"), "{\"bundles\":[" + entries + "]}");
    }

    CliHarness.Result carti(String... args) {
        return new CliHarness(proj, home).env("CARTI_NET_RETRY_DELAY_MS", "1").env("CARTI_NET_READ_TIMEOUT", "5").run(args);
    }

    CliHarness.Result ok(String... args) {
        CliHarness.Result r = carti(args);
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }

    JsonNode index(Path dir) {
        return Json.readIfExists(dir.resolve(".bundles_index.json"));
    }

    @Test void installsByNameIntoTheLocalStoreAndIndex() throws Exception {
        ok("repo", "add", repo.toString());
        CliHarness.Result r = ok("install", "rom");
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("- Installing bundle rom");
        Path file = proj.resolve("carti_bundles").resolve(ROM).resolve("rom.bin");
        assertThat(Files.readString(file)).isEqualTo("fakerom");
        JsonNode idx = index(proj.resolve("carti_bundles/.carti"));
        assertThat(idx.get(file.toString()).get(0).get("uri").asText()).isEqualTo(http.url("/rom.bin"));
        JsonNode meta = Json.readIfExists(file.resolveSibling("carti-meta.json"));
        assertThat(meta.get("id").asText()).isEqualTo(ROM);
        assertThat(meta.get("uri").asText()).isEqualTo(http.url("/rom.bin"));
    }

    @Test void installsByNameAtVersionAndByCidAndGlobally() throws Exception {
        ok("repo", "add", repo.toString());
        ok("install", "linux@1.0.0");
        assertThat(proj.resolve("carti_bundles").resolve(LINUX).resolve("linux.bin")).hasContent("fakelinux");
        ok("install", "-g", ROM);
        Path global = home.resolve(".carti/carti_bundles").resolve(ROM).resolve("rom.bin");
        assertThat(global).hasContent("fakerom");
        assertThat(index(home.resolve(".carti/carti_bundles/.carti-disk")).has(global.toString())).isTrue();
        CliHarness.Result r = carti("install", "linux@9.9.9");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("error: Could not find matching bundles for 'linux@9.9.9'");
    }

    @Test void aSecondInstallDoesNotDownloadAgain() {
        ok("repo", "add", repo.toString());
        ok("install", "rom");
        ok("install", "rom");
        assertThat(http.requests("/rom.bin")).hasSize(1);
        ok("install", "--force", "rom");
        assertThat(http.requests("/rom.bin")).hasSize(2);
    }

    /**
     * §3.3: upstream's install always fetched and put the bundle as listed, so a store holding the same bytes under
     * another name (bundled locally as "myrom") ends with the listing's file, metadata and index key too, the local
     * name left as it was. carti takes the bytes from the file it has (no download).
     */
    @Test void theSameBytesUnderAnotherNameGetTheListingsNameWithoutADownload() throws Exception {
        Files.copy(Fixtures.path("rom.bin"), proj.resolve("myrom.bin"));
        ok("bundle", "-t", "rom", "-n", "myrom", "-v", "9", "-d", "x", "myrom.bin");
        ok("repo", "add", repo.toString());
        ok("install", "rom");
        Path dir = proj.resolve("carti_bundles").resolve(ROM);
        assertThat(Files.readString(dir.resolve("rom.bin"))).isEqualTo("fakerom");
        assertThat(Files.readString(dir.resolve("myrom.bin"))).isEqualTo("fakerom");
        JsonNode meta = Json.readIfExists(dir.resolve("carti-meta.json"));
        assertThat(meta.get("name").asText()).isEqualTo("rom");
        assertThat(meta.get("fileName").asText()).isEqualTo("rom.bin");
        JsonNode idx = index(proj.resolve("carti_bundles/.carti"));
        assertThat(idx.get(dir.resolve("myrom.bin").toString()).get(0).get("name").asText()).isEqualTo("myrom");
        assertThat(idx.get(dir.resolve("rom.bin").toString()).get(0).get("name").asText()).isEqualTo("rom");
        assertThat(http.requests("/rom.bin")).isEmpty();
        assertThat(ok("get", "-y", "-p", "rom").out()).isEqualTo(dir.resolve("rom.bin") + "\n");
    }

    @Test void aLocalInstallCopiesFromTheGlobalStoreWithoutNetwork() {
        ok("repo", "add", repo.toString());
        ok("install", "-g", "rom");
        CliHarness.Result r = ok("--offline", "install", "rom");
        assertThat(proj.resolve("carti_bundles").resolve(ROM).resolve("rom.bin")).hasContent("fakerom");
        assertThat(http.requests("/rom.bin")).hasSize(1);
        assertThat(r.err()).doesNotContain("error");
    }

    @Test void offlineRefusesTheNetwork() {
        ok("repo", "add", repo.toString());
        CliHarness.Result r = carti("install", "--offline", "linux");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("error: bundle linux (" + LINUX + ") is not in the store and --offline forbids fetching it from "
                + http.url("/linux.bin"));
        assertThat(http.requests("/linux.bin")).isEmpty();
        assertThat(proj.resolve("carti_bundles")).doesNotExist();
    }

    @Test void wrongBytesFailAndChangeNothing() {
        ok("repo", "add", repo.toString());
        CliHarness.Result r = carti("install", "rootfs");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("error: CID mismatch for bundle rootfs from " + http.url("/evil.bin") + ": expected " + ROOTFS);
        assertThat(proj.resolve("carti_bundles").resolve(ROOTFS)).doesNotExist();
        assertThat(proj.resolve("carti_bundles/.carti/.bundles_index.json")).doesNotExist();
        assertThat(proj.resolve("carti_bundles")).as("a failed install writes nothing, not even the store directory").doesNotExist();
    }

    /**
     * §3.3/§3.7: upstream cached a repo's entries as parsed and stored the listed entry as the metadata and index
     * value, so a hand-written listing's key order (upstream's own sample listing is alphabetical) is kept.
     */
    @Test void aListingsKeyOrderIsKeptInTheCacheTheIndexAndTheMetadata() throws Exception {
        String entry = "{\"bundleType\":\"rom\",\"deps\":[],\"fileName\":\"rom.bin\",\"id\":\"" + ROM
                + "\",\"name\":\"rom\",\"uri\":\"" + Fixtures.path("rom.bin") + "\",\"version\":\"1.0.0\"}";
        writeListing(repo, entry);
        ok("repo", "add", repo.toString());
        ok("install", "rom");
        String pretty = "{\n      \"bundleType\": \"rom\",\n      \"deps\": [],\n      \"fileName\": \"rom.bin\",\n      \"id\": \"" + ROM
                + "\",\n      \"name\": \"rom\",\n      \"uri\": \"" + Fixtures.path("rom.bin") + "\",\n      \"version\": \"1.0.0\"\n    }";
        assertThat(Files.readString(home.resolve(".carti/.bundles_index.json"))).isEqualTo("{\n  \"" + repo + "\": [\n    " + pretty + "\n  ]\n}");
        Path stored = proj.resolve("carti_bundles").resolve(ROM);
        assertThat(Files.readString(proj.resolve("carti_bundles/.carti/.bundles_index.json")))
                .isEqualTo("{\n  \"" + stored.resolve("rom.bin") + "\": [\n    " + pretty + "\n  ]\n}");
        assertThat(Files.readString(stored.resolve("carti-meta.json"))).isEqualTo(entry + "\n");
    }

    /** §3.3: upstream fetched before it wrote anything, so a failed fetch left no store directory (local or global). */
    @Test void aFailedInstallLeavesNoEmptyStoreDirectory() throws Exception {
        writeListing(repo, entry("rom", "rom", "rom.bin", ROM, "1.0.0", http.url("/down.bin")));
        ok("repo", "add", repo.toString());
        assertThat(carti("install", "rom").exit()).isEqualTo(1);
        assertThat(carti("get", "-y", "rom").exit()).isEqualTo(1);
        assertThat(proj.resolve("carti_bundles")).doesNotExist();
        assertThat(carti("install", "-g", "rom").exit()).isEqualTo(1);
        assertThat(home.resolve(".carti/carti_bundles")).doesNotExist();
        assertThat(home.resolve(".carti/.bundles_index.json")).exists();
    }

    @Test void whenTheFirstSourceFailsTheNextListingOfTheSameCidIsUsed(@TempDir Path mirror) throws Exception {
        writeListing(repo, entry("rom", "rom", "rom.bin", ROM, "1.0.0", http.url("/down.bin")));
        writeListing(mirror, entry("rom", "rom-mirror", "rom.bin", ROM, "1.0.0", http.url("/rom.bin")));
        ok("repo", "add", repo.toString());
        ok("repo", "add", mirror.toString());
        CliHarness.Result r = ok("install", "-y", "rom");
        assertThat(r.err()).contains("trying the next source");
        assertThat(proj.resolve("carti_bundles").resolve(ROM).resolve("rom.bin")).hasContent("fakerom");
    }

    @Test void getInstallsWhenMissingThenPrintsTheInstalledPath() {
        ok("repo", "add", repo.toString());
        Path file = proj.resolve("carti_bundles").resolve(LINUX).resolve("linux.bin");
        CliHarness.Result r = ok("get", "-y", "linux");
        assertThat(r.out()).isEqualTo("linux:" + LINUX + ":1.0.0:" + file + "\n");
        assertThat(ok("get", "-p", "-y", "linux").out()).isEqualTo(file + "\n");
        assertThat(ok("get", "-r", "-y", "linux").out()).isEqualTo("carti_bundles/" + LINUX + "/linux.bin\n");
        assertThat(http.requests("/linux.bin")).hasSize(1);
        Path global = home.resolve(".carti/carti_bundles").resolve(ROM).resolve("rom.bin");
        assertThat(ok("get", "-g", "-p", "rom").out()).isEqualTo(global + "\n");
        assertThat(global).hasContent("fakerom");
    }

    @Test void everyCommandOfThisAreaHasHelpWithExamples() {
        String[][] commands = {{"install"}, {"get"}, {"repo"}, {"repo", "add"}, {"repo", "list"}, {"repo", "update"}, {"repo", "rm"},
                {"machine", "install"}};
        for (String[] c : commands) {
            String[] args = java.util.Arrays.copyOf(c, c.length + 1);
            args[c.length] = "--help";
            CliHarness.Result r = carti(args);
            assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
            assertThat(r.out()).startsWith("Usage: carti " + String.join(" ", c)).contains("Examples:");
        }
    }

    @Test void getOfAnUnknownBundleFails() {
        CliHarness.Result r = carti("get", "-y", "nosuch");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("Could not find matching bundles");
    }
}
