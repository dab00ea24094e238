package io.carti.cli.command.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.carti.cli.CliHarness;
import io.carti.core.json.Json;
import io.carti.core.lua.LuaDump;
import io.carti.core.oci.LocalRegistry;
import io.carti.core.oci.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/oci.md, replayed command by command as the page writes them (sections 2 to 5), on the image its Dockerfile
 * describes (built here layer by layer: no Docker engine) and with docker-registry in place of ghcr.io. The
 * outputs the page shows are checked too.
 */
class OciDocsWalkthroughTest {
    private static final Pattern BUNDLED = Pattern.compile("bundled: (\\S+) as (baenrwi\\S+)\n");
    private static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    @TempDir Path project;
    @TempDir Path home;
    @TempDir Path registries;

    private CliHarness.Result ok(String... args) { return okWithInput(null, args); }

    private CliHarness.Result okWithInput(String stdin, String... args) {
        CliHarness c = new CliHarness(project, home);
        CliHarness.Result r = stdin == null ? c.run(args) : c.runWithInput(stdin, args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    private static String cid(CliHarness.Result r) {
        Matcher m = BUNDLED.matcher(r.out());
        assertThat(m.find()).as(r.toString()).isTrue();
        return m.group(2);
    }

    /** What the page's Dockerfile produces: ENTRYPOINT, WORKDIR, ENV over an image with /bin/sh and the app. */
    private void buildTheImage() throws Exception {
        TestImages.Config c = new TestImages.Config();
        c.entrypoint = List.of("/bin/sh", "/opt/dapp/app.sh");
        c.cmd = List.of();
        c.env = List.of(PATH, "GREETING=hello from the machine");
        c.workingDir = "/opt/dapp";
        TestImages.layout(project.resolve("my-dapp-layout"), "1.0.0", c, List.of(
                TestImages.layer(TestImages.Compression.GZIP, TestImages.dir("bin", 0755), TestImages.file("bin/busybox", 0755, "busybox"),
                        TestImages.symlink("bin/sh", "busybox"), TestImages.dir("usr", 0755), TestImages.dir("usr/sbin", 0755),
                        TestImages.file("usr/sbin/cartesi-init", 0755, "#!/bin/sh\n")),
                TestImages.layer(TestImages.Compression.GZIP, TestImages.dir("opt", 0755), TestImages.dir("opt/dapp", 0755),
                        TestImages.file("opt/dapp/app.sh", 0644, "echo \"$GREETING\"\n"))));
        // "skopeo copy ... docker-archive:my-dapp.tar"
        TestImages.run(project, "skopeo", "copy", "oci:my-dapp-layout:1.0.0", "docker-archive:my-dapp.tar:my-dapp:1.0.0");
    }

    @Test
    void theWalkthroughRunsAsWritten() throws Exception {
        buildTheImage();

        // 2. Import it
        CliHarness.Result imported = ok("oci", "import", "my-dapp.tar", "--name", "my-dapp", "--version", "1.0.0");
        assertThat(imported.err()).matches("- Importing my-dapp.tar\n- drive my-dapp.ext2: \\d+ bytes\n");
        String cid = cid(imported);
        assertThat(imported.out()).startsWith("bundled: my-dapp as baenrwi");
        JsonNode meta = Json.readIfExists(project.resolve("carti_bundles").resolve(cid).resolve("carti-meta.json"));
        assertThat(meta.toString()).isEqualTo("{\"bundleType\":\"flashdrive\",\"name\":\"my-dapp\",\"fileName\":\"my-dapp.ext2\",\"path\":\"my-dapp.tar\","
                + "\"version\":\"1.0.0\",\"image\":{\"platform\":\"linux/riscv64\",\"entrypoint\":[\"/bin/sh\",\"/opt/dapp/app.sh\"],\"cmd\":[],"
                + "\"env\":[\"" + PATH + "\",\"GREETING=hello from the machine\"],\"workingDir\":\"/opt/dapp\",\"user\":\"\"},"
                + "\"oci\":{\"source\":\"my-dapp.tar\",\"layers\":2,\"layout\":\"rootfs\"}}");
        // the source table: the same image every way gives the same drive
        CliHarness.Result tagged = ok("oci", "import", "my-dapp.tar:my-dapp:1.0.0", "--version", "1.0.0");
        assertThat(tagged.out()).startsWith("bundled: my-dapp as "); // the default name: the file's
        assertThat(cid(tagged)).isEqualTo(cid);
        assertThat(cid(ok("oci", "import", "./my-dapp-layout", "--name", "my-dapp"))).isEqualTo(cid);
        assertThat(cid(ok("oci", "import", "./my-dapp-layout:1.0.0", "--name", "my-dapp"))).isEqualTo(cid);
        assertThat(ok("list").out()).contains("@flashdrive/my-dapp:1.0.0:" + cid);
        assertThat(ok("which", "my-dapp").exit()).isZero();

        // 3. Make it the machine's root drive
        ok("machine", "init");
        CliHarness.Result added = ok("machine", "add", "oci", "my-dapp", "-y");
        String boot = "export " + PATH + " GREETING='hello from the machine'; cd /opt/dapp && /bin/sh /opt/dapp/app.sh";
        assertThat(added.err()).matches("- drive 'root': replacing what it held\n- drive 'root': bundle my-dapp, length 0x[0-9a-f]+\n- boot: "
                + Pattern.quote(boot) + "\n");
        ok("machine", "build");
        assertThat(LuaDump.load(project.resolve("machine-config.lua")).get("/rom/bootargs")).endsWith(LuaDump.encode(" -- " + boot));
        ok("machine", "build", "--target", "0.19");
        assertThat(LuaDump.load(project.resolve("machine-config.lua"))).containsEntry("/dtb/entrypoint", "s:" + LuaDump.encode(boot));

        // 4. Registries (a registry with htpasswd users in place of ghcr.io)
        try (LocalRegistry ghcr = LocalRegistry.start(registries.resolve("ghcr"), "me", "token-123")) {
            String host = ghcr.host();
            TestImages.run(project, "skopeo", "copy", "--dest-tls-verify=false", "--dest-creds=me:token-123", "oci:my-dapp-layout:1.0.0",
                    "docker://" + host + "/me/my-dapp:1.0.0");
            CliHarness.Result login = okWithInput("token-123\n", "login", host, "-u", "me", "--password-stdin");
            assertThat(login.out()).isEqualTo("logged in to " + host + " as me\n");
            CliHarness.Result pulled = ok("oci", "import", host + "/me/my-dapp:1.0.0");
            assertThat(pulled.out()).startsWith("bundled: my-dapp as ");
            assertThat(cid(pulled)).isEqualTo(cid);
            assertThat(pulled.err()).containsPattern("- image sha256:[0-9a-f]{64}, 2 layers\n");

            CliHarness.Result published = ok("publish", "oci", "-y", "my-dapp", host + "/me/my-dapp-drive:1.0.0");
            Matcher digest = Pattern.compile("- digest: (sha256:[0-9a-f]{64})\n").matcher(published.err());
            assertThat(digest.find()).as(published.toString()).isTrue();
            assertThat(published.err()).contains("- Pushing my-dapp.ext2 (" + Files.size(project.resolve("carti_bundles").resolve(cid).resolve("my-dapp.ext2"))
                    + " bytes) to " + host + "\n", "- added my-dapp 1.0.0 to bundles.json\n");
            assertThat(published.out()).isEqualTo("published to " + host + "/me/my-dapp-drive:1.0.0@" + digest.group(1) + "\n");
            assertThat(Files.readString(project.resolve("bundles.json"))).contains("\"uri\": \"oci://" + host + "/me/my-dapp-drive@" + digest.group(1) + "\"");
            assertThat(ok("logout", host).out()).isEqualTo("logged out of " + host + "\n");
        }
        // "localhost:5000/my-dapp@sha256:…": an anonymous registry named localhost, pulled by digest
        try (LocalRegistry local = LocalRegistry.start(registries.resolve("local"), null, null)) {
            String host = local.host().replace("127.0.0.1", "localhost");
            TestImages.run(project, "skopeo", "copy", "--dest-tls-verify=false", "oci:my-dapp-layout:1.0.0", "docker://" + host + "/my-dapp:1.0.0");
            String manifest = TestImages.run(project, "skopeo", "inspect", "--tls-verify=false", "--format", "{{.Digest}}", "docker://" + host + "/my-dapp:1.0.0").trim();
            assertThat(cid(ok("oci", "import", host + "/my-dapp@" + manifest, "--version", "1.0.0"))).isEqualTo(cid);
        }

        // 5. Runtime bundles
        Files.copy(project.resolve("my-dapp.tar"), project.resolve("my-plain-image.tar"));
        String app = cid(ok("oci", "import", "my-plain-image.tar", "--name", "app", "--runtime-bundle"));
        CliHarness.Result runtime = ok("machine", "add", "oci", "app", "-m", "app", "-y");
        assertThat(runtime.err()).contains("- boot: crun run --bundle /mnt/app app\n");
        JsonNode pkg = Json.readIfExists(project.resolve("carti-machine-package.json"));
        assertThat(pkg.at("/machineConfig/boot/args").asText()).isEqualTo("crun run --bundle /mnt/app app");
        assertThat(pkg.toString()).contains(app);
    }
}
