package io.carti.cli.command.machine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.carti.cli.CliHarness;
import io.carti.core.json.Json;
import io.carti.core.lua.LuaDump;
import io.carti.core.lua.PackageOracle;
import io.carti.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code machine add flash <b> -m <label>} onto a bundle-backed drive declares a composition; {@code machine build}
 * materialises it with the real genext2fs and renders the drive from the composed image. Checked with debugfs.
 */
class MachineComposeTest {
    @TempDir Path tmp;

    @Test void repeatedLabelComposesDrivesAtBuildTime() throws Exception {
        Path proj = Files.createDirectories(tmp.resolve("p"));
        CliHarness cli = new CliHarness(proj, Files.createDirectories(tmp.resolve("h")));
        Path a = image("a", Map.of("app/run.sh", "echo a\n")), b = image("b", Map.of("tools/t.txt", "tool\n"));
        ok(cli, "bundle", "-t", "flashdrive", "-n", "app", "-v", "1", "-d", "x", a.toString());
        ok(cli, "bundle", "-t", "flashdrive", "-n", "tools", "-v", "1", "-d", "x", b.toString());
        ok(cli, "machine", "init");
        ok(cli, "machine", "add", "flash", "app", "-m", "data", "-y");
        CliHarness.Result add = ok(cli, "machine", "add", "flash", "tools", "-m", "data", "-y");
        assertThat(add.err()).contains("drive 'data' is now composed of 2 bundles");
        JsonNode drive = drive(proj);
        assertThat(drive.get("compose").get("inputs")).hasSize(2);
        assertThat(drive.get("compose").has("result")).isFalse();

        CliHarness.Result build = ok(cli, "machine", "build");
        assertThat(build.err()).contains("- composing drive 'data' from 2 bundles (merge)");
        drive = drive(proj);
        String result = drive.get("compose").get("result").asText();
        assertThat(drive.get("compose").get("tool").asText()).contains("genext2fs");
        assertThat(Files.readString(proj.resolve("carti-machine-package.json"))).contains("\"cid\": \"" + result + "\"");
        Path composed = proj.resolve("carti_bundles").resolve(result).resolve("data-composed.ext2");
        assertThat(composed).exists();
        assertThat(Long.decode(drive.get("length").asText())).isEqualTo(Files.size(composed));
        String ls = debugfs(composed, "ls -p /app") + debugfs(composed, "ls -p /tools");
        assertThat(ls).contains("/run.sh/").contains("/t.txt/");
        PackageOracle.assertBuiltFrom(proj.resolve("machine-config.lua"), proj.resolve("carti-machine-package.json"), "/opt/carti/packages", "0.7");
        Map<String, String> lua = LuaDump.load(proj.resolve("machine-config.lua"));
        assertThat(lua.get("/flash_drive/2/image_filename")).isEqualTo("s:" + LuaDump.encode("/opt/carti/packages/" + result + "/data-composed.ext2"));
        assertThat(ok(cli, "machine", "check").out()).contains("ok for emulator 0.7");

        // a second build reuses the recorded result; another project composing the same inputs gets the same CID
        assertThat(ok(cli, "machine", "build").err()).doesNotContain("composing");
        Path proj2 = Files.createDirectories(tmp.resolve("p2"));
        CliHarness cli2 = new CliHarness(proj2, Files.createDirectories(tmp.resolve("h2")));
        ok(cli2, "bundle", "-t", "flashdrive", "-n", "app", "-v", "1", "-d", "x", a.toString());
        ok(cli2, "bundle", "-t", "flashdrive", "-n", "tools", "-v", "1", "-d", "x", b.toString());
        ok(cli2, "machine", "add", "flash", "app", "-m", "data", "-y");
        ok(cli2, "machine", "add", "flash", "tools", "-m", "data", "-y");
        Path pending = Files.copy(proj2.resolve("carti-machine-package.json"), tmp.resolve("pending.json"));
        ok(cli2, "machine", "build");
        assertThat(drive(proj2).get("compose").get("result").asText()).isEqualTo(result);
        PackageOracle.assertBuiltFrom(proj2.resolve("machine-config.lua"), proj2.resolve("carti-machine-package.json"), "/opt/carti/packages", "0.7");

        // machine install of a package whose composition is still pending composes it and puts the image in
        // carti_build/bundles next to the other drives' bundles
        Path proj3 = Files.createDirectories(tmp.resolve("p3"));
        CliHarness cli3 = new CliHarness(proj3, Files.createDirectories(tmp.resolve("h3")));
        ok(cli3, "bundle", "-t", "flashdrive", "-n", "app", "-v", "1", "-d", "x", a.toString());
        ok(cli3, "bundle", "-t", "flashdrive", "-n", "tools", "-v", "1", "-d", "x", b.toString());
        // the package's default rom, ram and root drive are upstream's carti-default bundles; here the shared
        // fixtures stand in for them (the way TwoHomeScenarioTest does), so the install needs no network
        String pkgText = Files.readString(pending);
        // what the install composes in memory: proj2's package after its build, with the same CIDs replaced
        String composedText = Files.readString(proj2.resolve("carti-machine-package.json"));
        String[][] defaults = {{"default-rom", "rom", "rom.bin"}, {"default-ram", "ram", "linux.bin"}, {"default-root", "flashdrive", "rootfs.ext2"}};
        for (String[] d : defaults) {
            String oldCid = assetCid(pkgText, d[0]);
            String out = ok(cli3, "bundle", "-t", d[1], "-n", d[0], "-v", "1", "-d", "x", Fixtures.path(d[2]).toString()).out();
            pkgText = pkgText.replace(oldCid, out.substring(out.lastIndexOf(' ') + 1).strip());
            composedText = composedText.replace(oldCid, out.substring(out.lastIndexOf(' ') + 1).strip());
        }
        Files.writeString(pending, pkgText);
        CliHarness.Result install = ok(cli3, "machine", "install", "--norepo", "-n", pending.toString());
        assertThat(install.err()).contains("- composing drive 'data' from 2 bundles (merge)");
        Path built = proj3.resolve("carti_build/bundles").resolve(result).resolve("data-composed.ext2");
        assertThat(built).hasSameBinaryContentAs(composed);
        assertThat(proj3.resolve("carti_build/bundles").resolve(result).resolve("carti-meta.json")).exists();
        assertThat(LuaDump.load(proj3.resolve("machine-config.lua")).get("/flash_drive/2/image_filename"))
                .isEqualTo(lua.get("/flash_drive/2/image_filename"));
        PackageOracle.assertBuiltFrom(proj3.resolve("machine-config.lua"), Files.writeString(tmp.resolve("composed.json"), composedText),
                "/opt/carti/packages", "0.7");
    }

    /** A build that fails the drive rules writes nothing back, even after composing a pending drive. */
    @Test void aFailingBuildLeavesThePackageUntouched() throws Exception {
        Path proj = Files.createDirectories(tmp.resolve("f"));
        CliHarness cli = new CliHarness(proj, Files.createDirectories(tmp.resolve("fh")));
        Path a = image("fa", Map.of("a.txt", "a\n")), b = image("fb", Map.of("b.txt", "b\n"));
        ok(cli, "bundle", "-t", "flashdrive", "-n", "app", "-v", "1", "-d", "x", a.toString());
        ok(cli, "bundle", "-t", "flashdrive", "-n", "tools", "-v", "1", "-d", "x", b.toString());
        ok(cli, "machine", "init");
        ok(cli, "machine", "add", "flash", "app", "-m", "data", "-y");
        ok(cli, "machine", "add", "flash", "tools", "-m", "data", "-y");
        Path pkg = proj.resolve("carti-machine-package.json");
        // a hand-edited drive that breaks the rules (length not a multiple of 4096)
        String broken = Files.readString(pkg).replace("\"flash_drive\": [", "\"flash_drive\": [\n"
                + "      {\"start\": \"0xe000000000000000\", \"label\": \"odd\", \"length\": \"0xa\", \"shared\": false},");
        Files.writeString(pkg, broken);
        CliHarness.Result r = cli.run("machine", "build");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("error: carti-machine-package.json: drive 'odd': length 0xa must be a non-zero multiple of 4096");
        assertThat(Files.readString(pkg)).isEqualTo(broken);
        assertThat(proj.resolve("machine-config.lua")).doesNotExist();
    }

    private static String assetCid(String pkgText, String name) {
        for (JsonNode a : Json.parse(pkgText, "pkg").get("assets")) if (a.get("name").asText().equals(name)) return a.get("cid").asText();
        throw new AssertionError("no asset " + name);
    }

    private static JsonNode drive(Path proj) throws Exception {
        JsonNode pkg = Json.parse(Files.readString(proj.resolve("carti-machine-package.json")), "pkg");
        for (JsonNode d : pkg.get("machineConfig").get("flash_drive")) if (d.get("label").asText().equals("data")) return d;
        throw new AssertionError("no drive 'data'");
    }

    private static CliHarness.Result ok(CliHarness cli, String... args) {
        CliHarness.Result r = cli.run(args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    private Path image(String name, Map<String, String> files) throws Exception {
        Path dir = tmp.resolve("src-" + name);
        for (var e : files.entrySet()) {
            Path f = dir.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.toList()) Files.setLastModifiedTime(p, FileTime.fromMillis(1_600_000_000_000L));
        }
        Path img = tmp.resolve(name + ".ext2");
        run("genext2fs", "-B", "1024", "-b", "1024", "-N", "64", "-d", dir.toString(), img.toString());
        return img;
    }

    private static String debugfs(Path img, String cmd) throws Exception { return run("/usr/sbin/debugfs", "-R", cmd, img.toString()); }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", cmd) + "\n" + out).isZero();
        return out;
    }
}
