package io.carti.cli.command.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.carti.cli.CliHarness;
import io.carti.core.json.Json;
import io.carti.core.lua.LuaDump;
import io.carti.core.lua.PackageOracle;
import io.carti.core.oci.LocalRegistry;
import io.carti.core.oci.TestImages;
import io.carti.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** carti oci import / login / logout / publish oci / machine add oci, end to end with genext2fs, debugfs and docker-registry. */
class OciCliTest {
    private static final Pattern BUNDLED = Pattern.compile("bundled: (\\S+) as (\\S+)\n");
    @TempDir static Path shared;
    static Path image;
    static LocalRegistry open;
    static LocalRegistry locked;
    @TempDir Path tmp;

    @BeforeAll
    static void setUp() throws Exception {
        image = shared.resolve("img");
        TestImages.layout(image, "v1", config(), TestImages.richImage());
        open = LocalRegistry.start(shared.resolve("open"), null, null);
        locked = LocalRegistry.start(shared.resolve("locked"), "alice", "s3cret");
    }

    private static TestImages.Config config() {
        TestImages.Config c = new TestImages.Config();
        c.entrypoint = List.of("/bin/busybox", "sh", "-c");
        c.cmd = List.of("echo 'hello world' > /tmp/out");
        c.env = List.of("PATH=/usr/bin:/bin", "GREETING=it's me");
        c.workingDir = "/home/user";
        c.user = "1000";
        return c;
    }

    @AfterAll
    static void tearDown() {
        if (open != null) open.close();
        if (locked != null) locked.close();
    }

    private CliHarness carti(String project) throws Exception {
        return new CliHarness(Files.createDirectories(tmp.resolve(project)), Files.createDirectories(tmp.resolve("home-" + project)));
    }

    private static String cid(CliHarness.Result r) {
        Matcher m = BUNDLED.matcher(r.out());
        assertThat(m.find()).as(r.toString()).isTrue();
        return m.group(2);
    }

    /** debugfs's answer on stdout (its banner goes to stderr). */
    private static String debugfs(Path img, String cmd) throws Exception {
        Process p = new ProcessBuilder("debugfs", "-R", cmd, img.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        return out;
    }

    @Test
    void importBuildsADeterministicDriveWithTheImageConfig() throws Exception {
        CliHarness a = carti("a");
        CliHarness.Result r = a.run("oci", "import", image + ":v1", "--name", "app", "--version", "1.0.0");
        assertThat(r.exit()).as(r.toString()).isZero();
        String cid = cid(r);
        Path drive = a.cwd().resolve("carti_bundles").resolve(cid).resolve("app.ext2");
        TestImages.run(null, "e2fsck", "-fn", drive.toString());
        assertThat(debugfs(drive, "cat /etc/motd")).isEqualTo("héllo wörld ✓\n");
        assertThat(debugfs(drive, "cat /usr/lib/libfoo.so")).isEqualTo("elf");
        assertThat(debugfs(drive, "stat /bin/ls")).contains("Links: 1").contains("Size: 300000");
        assertThat(debugfs(drive, "stat /etc/passwd-")).contains("Links: 2");
        assertThat(debugfs(drive, "ls -l /")).doesNotContain("remove-me");

        JsonNode meta = Json.parse(Files.readString(drive.resolveSibling("carti-meta.json")), "meta");
        assertThat(meta.get("bundleType").asText()).isEqualTo("flashdrive");
        assertThat(meta.at("/image/entrypoint").toString()).isEqualTo("[\"/bin/busybox\",\"sh\",\"-c\"]");
        assertThat(meta.at("/image/workingDir").asText()).isEqualTo("/home/user");
        assertThat(meta.at("/image/env/1").asText()).isEqualTo("GREETING=it's me");
        assertThat(meta.at("/image/cmd").toString()).isEqualTo("[\"echo 'hello world' > /tmp/out\"]");
        assertThat(meta.at("/image/user").asText()).isEqualTo("1000");
        assertThat(meta.at("/image/platform").asText()).isEqualTo("linux/riscv64");
        assertThat(Files.readString(a.cwd().resolve("carti_bundles/.carti/.bundles_index.json"))).contains(cid);

        // the same layers gzip-compressed instead of zstd, and that image saved by skopeo as a legacy docker-save
        // tarball, give the same drive byte for byte (same CID)
        Path gz = gzipOnly();
        CliHarness b = carti("b");
        assertThat(cid(b.run("oci", "import", gz + ":v1", "--name", "app", "--version", "1.0.0"))).isEqualTo(cid);
        TestImages.run(tmp, "skopeo", "copy", "oci:" + gz + ":v1", "docker-archive:" + tmp.resolve("app.tar") + ":app:v1");
        CliHarness c = carti("c");
        CliHarness.Result rc = c.run("oci", "import", tmp.resolve("app.tar").toString(), "--name", "app", "--version", "1.0.0");
        assertThat(cid(rc)).isEqualTo(cid);
    }

    @Test
    void runtimeBundleHoldsConfigJsonAndRootfs() throws Exception {
        CliHarness a = carti("rt");
        CliHarness.Result r = a.run("oci", "import", image + ":v1", "--name", "app-rt", "--runtime-bundle");
        assertThat(r.exit()).as(r.toString()).isZero();
        Path drive = a.cwd().resolve("carti_bundles").resolve(cid(r)).resolve("app-rt.ext2");
        JsonNode spec = Json.parse(debugfs(drive, "cat /config.json"), "config.json");
        assertThat(spec.at("/process/args").toString()).isEqualTo("[\"/bin/busybox\",\"sh\",\"-c\",\"echo 'hello world' > /tmp/out\"]");
        assertThat(spec.at("/process/cwd").asText()).isEqualTo("/home/user");
        assertThat(spec.at("/root/path").asText()).isEqualTo("rootfs");
        assertThat(spec.at("/process/user/uid").asLong()).isEqualTo(1000);
        assertThat(debugfs(drive, "cat /rootfs/etc/motd")).isEqualTo("héllo wörld ✓\n");
    }

    @Test
    void badImageFailsCleanly() throws Exception {
        CliHarness a = carti("bad");
        Path broken = tmp.resolve("broken");
        TestImages.layout(broken, "v1", new TestImages.Config(), List.of(TestImages.layer(TestImages.Compression.GZIP,
                TestImages.file("../../escape", 0644, "x"))));
        CliHarness.Result r = a.run("oci", "import", broken.toString(), "--name", "x");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("error: path '../../escape' escapes the root");
        assertThat(a.cwd().resolve("carti_bundles")).doesNotExist();
        CliHarness.Result bomb = a.run("oci", "import", image + ":v1", "--name", "x", "--max-size", "100000");
        assertThat(bomb.exit()).isEqualTo(1);
        assertThat(bomb.err()).contains("error: ").contains("expands beyond the import limit of 100000 bytes (a decompression bomb?)");
        assertThat(a.cwd().resolve("carti_bundles")).doesNotExist();
        CliHarness.Result none = a.run("oci", "import", tmp.resolve("nope").toString(), "--name", "x");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).contains("error: no such file, directory or image reference: " + tmp.resolve("nope"));
    }

    @Test
    void withoutGenext2fsOnlyTheHostEngineFailsAndItWritesNothing() throws Exception {
        CliHarness a = carti("no-tools").env("PATH", Files.createDirectories(tmp.resolve("empty-bin")).toString());
        CliHarness.Result r = a.run("oci", "import", image + ":v1", "--name", "app", "--engine", "host");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("error: genext2fs is not installed");
        assertThat(a.cwd().resolve("carti_bundles")).doesNotExist();
        CliHarness.Result builtin = a.run("oci", "import", image + ":v1", "--name", "app");
        assertThat(builtin.exit()).as(builtin.toString()).isZero();
        TestImages.run(null, "e2fsck", "-fn", a.cwd().resolve("carti_bundles").resolve(cid(builtin)).resolve("app.ext2").toString());
    }

    /** genext2fs and carti's own writer lay the image out differently, but debugfs must see the same files in both. */
    @Test
    void theBuiltinWriterAndGenext2fsHoldTheSameFiles() throws Exception {
        CliHarness a = carti("engines");
        Path builtin = a.cwd().resolve("carti_bundles").resolve(cid(a.run("oci", "import", image + ":v1", "--name", "app"))).resolve("app.ext2");
        Path host = a.cwd().resolve("carti_bundles").resolve(cid(a.run("oci", "import", image + ":v1", "--name", "app", "--engine", "host"))).resolve("app.ext2");
        assertThat(builtin).isNotEqualTo(host);
        for (String path : List.of("/", "/etc", "/bin", "/usr/lib", "/home")) {
            assertThat(withoutInodes(debugfs(builtin, "ls -l -p " + path))).as(path).isEqualTo(withoutInodes(debugfs(host, "ls -l -p " + path)));
        }
        for (String file : List.of("/etc/motd", "/usr/lib/libfoo.so", "/bin/ls")) {
            assertThat(debugfs(builtin, "cat " + file)).as(file).isEqualTo(debugfs(host, "cat " + file));
        }
    }

    /** {@code ls -p} lines ({@code /ino/mode/uid/gid/name/size/}) without the inode numbers, which differ by design. */
    private static String withoutInodes(String listing) {
        return listing.lines().map(l -> l.replaceFirst("^/\\d+/", "/")).sorted().collect(java.util.stream.Collectors.joining("\n"));
    }

    @Test
    void loginPullLogoutAgainstHtpasswdRegistry() throws Exception {
        TestImages.run(tmp, "skopeo", "copy", "--dest-tls-verify=false", "--dest-creds=alice:s3cret",
                "oci:" + gzipOnly() + ":v1", "docker://" + locked.host() + "/private/app:v1");
        CliHarness a = carti("login");
        String ref = locked.host() + "/private/app:v1";
        CliHarness.Result denied = a.run("oci", "import", ref, "--name", "app");
        assertThat(denied.exit()).isEqualTo(1);
        assertThat(denied.err()).contains("run 'carti login " + locked.host() + "'");

        assertThat(a.runWithInput("wrong\n", "login", locked.host(), "-u", "alice", "--password-stdin").err()).contains("credentials rejected");
        CliHarness.Result in = a.runWithInput("s3cret\n", "login", locked.host(), "-u", "alice", "--password-stdin");
        assertThat(in.exit()).as(in.toString()).isZero();
        assertThat(in.out()).isEqualTo("logged in to " + locked.host() + " as alice\n");
        CliHarness.Result pulled = a.run("oci", "import", ref, "--name", "app");
        assertThat(pulled.exit()).as(pulled.toString()).isZero();
        assertThat(Files.readString(a.cwd().resolve("carti_bundles").resolve(cid(pulled)).resolve("carti-meta.json"))).contains("\"version\":\"v1\"");

        assertThat(a.run("logout", locked.host()).out()).isEqualTo("logged out of " + locked.host() + "\n");
        assertThat(a.run("logout", locked.host()).err()).contains("error: not logged in to " + locked.host());
    }

    /** 0.0.0.0 reaches the loopback registry on Linux but is not one of the names carti speaks plain http to by itself. */
    @Test
    void plainHttpIsNeededForANonLocalHostName() throws Exception {
        TestImages.run(tmp, "skopeo", "copy", "--dest-tls-verify=false", "oci:" + gzipOnly() + ":v1", "docker://" + open.host() + "/plain/app:v1");
        String host = open.host().replace("127.0.0.1", "0.0.0.0");
        CliHarness a = carti("plain");
        CliHarness.Result https = a.run("oci", "import", host + "/plain/app:v1", "--name", "app");
        assertThat(https.exit()).as(https.toString()).isEqualTo(1);
        assertThat(https.err()).startsWith("- Importing").contains("error: manifest plain/app:v1 on " + host + ": cannot reach https://" + host);
        assertThat(a.cwd().resolve("carti_bundles")).doesNotExist();
        CliHarness.Result http = a.run("oci", "import", host + "/plain/app:v1", "--name", "app", "--plain-http");
        assertThat(http.exit()).as(http.toString()).isZero();
        String cid = cid(http);

        CliHarness.Result refused = a.run("publish", "oci", "-y", "app", host + "/plain/app-drive");
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("cannot reach https://" + host);
        CliHarness.Result pushed = a.run("publish", "oci", "-y", "app", host + "/plain/app-drive", "--plain-http");
        assertThat(pushed.exit()).as(pushed.toString()).isZero();
        JsonNode m = Json.parse(TestImages.run(tmp, "skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + open.host() + "/plain/app-drive:v1"), "manifest");
        assertThat(m.at("/annotations/io.cartesi.carti.cid").asText()).isEqualTo(cid);

        // installs of the oci:// uri it listed have no flag: the host is named in CARTI_OCI_PLAIN_HTTP
        CliHarness b = carti("plain-install").env("CARTI_NET_RETRY_DELAY_MS", "1");
        assertThat(b.run("repo", "add", a.cwd().toString()).exit()).isZero();
        CliHarness.Result hint = b.run("install", "-y", "app");
        assertThat(hint.exit()).as(hint.toString()).isEqualTo(1);
        assertThat(hint.err()).contains("cannot reach https://" + host).contains("for a plain-http registry set CARTI_OCI_PLAIN_HTTP=" + host);
        CliHarness.Result installed = b.env("CARTI_OCI_PLAIN_HTTP", "example.com, " + host).run("install", "-y", "app");
        assertThat(installed.exit()).as(installed.toString()).isZero();
        assertThat(b.cwd().resolve("carti_bundles").resolve(cid).resolve("app.ext2"))
                .hasSameBinaryContentAs(a.cwd().resolve("carti_bundles").resolve(cid).resolve("app.ext2"));
    }

    private Path gzipOnly() throws Exception {
        Path dir = tmp.resolve("img-gz");
        TestImages.Config c = config();
        TestImages.layout(dir, "v1", c, TestImages.richImage().stream()
                .map(l -> l.compression() == TestImages.Compression.ZSTD ? new TestImages.LayerSpec(TestImages.Compression.GZIP, l.entries()) : l)
                .toList());
        return dir;
    }

    @Test
    void publishOciThenInstallElsewhereVerifiesDigestAndCid() throws Exception {
        CliHarness a = carti("pub");
        assertThat(a.run("bundle", "-t", "flashdrive", "-n", "dapp-test-data", "-v", "1.0.0", "-d", "x",
                Fixtures.path("dapp-test-data.ext2").toString()).exit()).isZero();
        CliHarness.Result pub = a.run("publish", "oci", "-y", "dapp-test-data", open.host() + "/bundles/dapp-test-data");
        assertThat(pub.exit()).as(pub.toString()).isZero();
        assertThat(pub.out()).matches("published to " + Pattern.quote(open.host()) + "/bundles/dapp-test-data:1.0.0@sha256:[0-9a-f]{64}\n");
        JsonNode listing = Json.parse(Files.readString(a.cwd().resolve("bundles.json")), "bundles.json");
        String uri = listing.at("/bundles/0/uri").asText(listing.at("/0/uri").asText());
        assertThat(uri).startsWith("oci://" + open.host() + "/bundles/dapp-test-data@sha256:");

        CliHarness b = carti("inst");
        CliHarness.Result add = b.run("repo", "add", a.cwd().toString());
        assertThat(add.exit()).as(add.toString()).isZero();
        CliHarness.Result inst = b.run("install", "-y", "dapp-test-data");
        assertThat(inst.exit()).as(inst.toString()).isZero();
        String id = listing.toString().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        assertThat(b.cwd().resolve("carti_bundles").resolve(id).resolve("dapp-test-data.ext2")).hasSameBinaryContentAs(Fixtures.path("dapp-test-data.ext2"));
    }

    @Test
    void machineAddOciSetsRootDriveAndBoot() throws Exception {
        CliHarness a = carti("machine");
        assertThat(a.run("machine", "init").exit()).isZero();
        CliHarness.Result r = a.run("machine", "add", "oci", image + ":v1", "--name", "app");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode pkg = Json.parse(Files.readString(a.cwd().resolve("carti-machine-package.json")), "package");
        JsonNode root = pkg.at("/machineConfig/flash_drive/0");
        assertThat(root.get("label").asText()).isEqualTo("root");
        assertThat(root.get("start").asText()).isEqualTo("0x8000000000000000");
        String cid = root.get("cid").asText();
        assertThat(a.cwd().resolve("carti_bundles").resolve(cid).resolve("app.ext2")).exists();
        assertThat(pkg.at("/machineConfig/boot/args").asText()).isEqualTo(
                "export PATH=/usr/bin:/bin GREETING='it'\\''s me'; cd /home/user && /bin/busybox sh -c 'echo '\\''hello world'\\'' > /tmp/out'");
        // both build targets: after " -- " in the 0.7 ROM bootargs, the 0.19 DTB entrypoint (read back by lua5.4)
        String boot = pkg.at("/machineConfig/boot/args").asText();
        String drive = "/opt/carti/packages/" + cid + "/app.ext2";
        CliHarness.Result b07 = a.run("machine", "build");
        assertThat(b07.exit()).as(b07.toString()).isZero();
        Map<String, String> lua07 = LuaDump.load(a.cwd().resolve("machine-config.lua"));
        assertThat(lua07.get("/rom/bootargs")).endsWith(LuaDump.encode(" -- " + boot));
        assertThat(lua07).containsEntry("/flash_drive/1/image_filename", "s:" + LuaDump.encode(drive));
        PackageOracle.assertBuiltFrom(a.cwd().resolve("machine-config.lua"), a.cwd().resolve("carti-machine-package.json"), "/opt/carti/packages", "0.7");
        CliHarness.Result b19 = a.run("machine", "build", "--target", "0.19");
        assertThat(b19.exit()).as(b19.toString()).isZero();
        Map<String, String> lua19 = LuaDump.load(a.cwd().resolve("machine-config.lua"));
        assertThat(lua19).containsEntry("/dtb/entrypoint", "s:" + LuaDump.encode(boot));
        assertThat(lua19).containsEntry("/flash_drive/1/image_filename", "s:" + LuaDump.encode(drive));
        PackageOracle.assertBuiltFrom(a.cwd().resolve("machine-config.lua"), a.cwd().resolve("carti-machine-package.json"), "/opt/carti/packages", "0.19");
        // the same bundle again, by name: nothing changes
        CliHarness.Result again = a.run("machine", "add", "oci", "app", "-y");
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(Json.parse(Files.readString(a.cwd().resolve("carti-machine-package.json")), "package").at("/machineConfig/flash_drive/0/cid").asText()).isEqualTo(cid);
    }
}
