package io.carti.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.cli.CliHarness;
import io.carti.core.json.Json;
import io.carti.core.lua.PackageOracle;
import io.carti.core.repo.GitFixture;
import io.carti.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstream's verified two-home session (Appendix B), every command run with {@code --offline}: the default
 * machine's three bundles are replaced by the shared fixtures, listed in a git repository made here and
 * published in a disk store, so no network is needed. The rendered config is compared with text derived from
 * upstream's recorded {@code machine build} outputs (golden cases), not from carti's own output.
 */
class TwoHomeScenarioTest {
    static final String ROM = "baenrwigfd3thblxcse7nvzwsebphtfre5nsmfl3wymz5n3jgi3aqwhsocy";
    static final String LINUX = "baenrwiekn3qdmotnl3jm5swsespejzbycv2wjb2itzzy3n4ouezhv4s34u";
    static final String ROOTFS = "baenrwiabbgzc4nlhtpzs67lcpik3ldxdmmzttpd6batfcdk6vvpt36lofe";
    static final String DAPP = "baenrwic6ybfsdmdtm52fhgbeip6ndoi3e62bonaadmotji4x6vvdpedt3m";
    static final String DEFAULT_ROM = "baenrwigwdfweve3apyvwicc2zpmzz6vdhsg62xnmzhauruw6ud4dbbafuq";
    static final String DEFAULT_RAM = "baenrwia5vqqvdu5chzjqq57tfo45z2txorpnmljeiuwemcibba43noqpvu";
    static final String DEFAULT_ROOT = "baenrwig2hfjzzeqmozb7sws6tyxmyazvuipjp5hxamtllifsokwh73eucy";

    @TempDir Path tmp;

    static CliHarness.Result ok(CliHarness h, String... args) {
        CliHarness.Result r = h.run(args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    /** A disk store with the three fixtures (as 'publish disk' lays one out) and a git repo listing them. */
    String defaultsRepo() throws Exception {
        Path pub = tmp.resolve("published");
        StringBuilder entries = new StringBuilder();
        String[][] defaults = {{"rom", "default-rom", "rom.bin", ROM}, {"ram", "default-ram", "linux.bin", LINUX},
                {"flashdrive", "default-root", "rootfs.ext2", ROOTFS}};
        for (String[] d : defaults) {
            Path f = pub.resolve(d[3]).resolve(d[2]);
            Files.createDirectories(f.getParent());
            Files.copy(Fixtures.path(d[2]), f);
            if (entries.length() > 0) entries.append(',');
            entries.append("{\"bundleType\":\"").append(d[0]).append("\",\"name\":\"").append(d[1]).append("\",\"fileName\":\"")
                    .append(d[2]).append("\",\"id\":\"").append(d[3]).append("\",\"version\":\"v1\",\"uri\":\"").append(f).append("\"}");
        }
        Path git = GitFixture.repo(tmp.resolve("carti-default-work"), "{\"bundles\":[" + entries + "]}");
        return "file://" + GitFixture.bareClone(git, tmp.resolve("carti-default.git"));
    }

    /** The config upstream wrote after 'machine init' + 'machine build' (golden case machine-04). */
    static String goldenInitBuild() {
        JsonNode cases = Json.readIfExists(Fixtures.path("golden/cases/bundle-and-machine.json"));
        for (JsonNode e : cases.get("entries")) {
            if ("machine-04-build-after-init".equals(e.path("id").asText())) return e.get("files").get("machine/proj/machine-config.lua").asText();
        }
        throw new IllegalStateException("golden case machine-04-build-after-init is missing");
    }

    /** The second drive block upstream rendered for dapp-test-data at 0x9000000000000000 (golden case machine-26). */
    static String goldenDappDriveBlock() {
        JsonNode cases = Json.readIfExists(Fixtures.path("golden/cases/bundle-and-machine.json"));
        for (JsonNode e : cases.get("entries")) {
            if ("machine-26-build-1".equals(e.path("id").asText())) {
                String lua = e.get("files").get("machine/proj/machine-config.lua").asText();
                int at = lua.indexOf("      {\n        start = 0x9000000000000000,");
                return lua.substring(at, lua.indexOf("      },\n", at) + "      },\n".length());
            }
        }
        throw new IllegalStateException("golden case machine-26-build-1 is missing");
    }

    @Test void bundlePublishRepoGetMachineAddBuildAndInstallInTheOtherHome() throws Exception {
        Path l = tmp.resolve("L");
        Path r = tmp.resolve("R");
        Files.createDirectories(l);
        Files.createDirectories(r);
        CliHarness local = new CliHarness(l, tmp.resolve("homeL"));
        CliHarness remote = new CliHarness(r, tmp.resolve("homeR"));
        Files.copy(Fixtures.path("dapp-test-data.ext2"), l.resolve("dapp-test-data.ext2"));
        String defaultsRepo = defaultsRepo();

        // 1-2. L bundles the flash drive and publishes its store path
        assertThat(ok(local, "--offline", "bundle", "-t", "flashdrive", "-n", "dapp-test-data", "-v", "1.0.0", "-d", "x",
                "dapp-test-data.ext2").out()).isEqualTo("bundled: dapp-test-data as " + DAPP + "\n");
        Path lStored = l.resolve("carti_bundles").resolve(DAPP).resolve("dapp-test-data.ext2");
        ok(local, "--offline", "publish", "uri", "-y", "dapp-test-data", lStored.toString());

        // 3-4. R adds L as a repo and gets the bundle (installed from L's disk uri, verified)
        ok(remote, "--offline", "repo", "add", l.toString());
        assertThat(Json.readIfExists(tmp.resolve("homeR/.carti/.bundles_index.json")).get(l.toString()).get(0).get("id").asText()).isEqualTo(DAPP);
        Path rStored = r.resolve("carti_bundles").resolve(DAPP).resolve("dapp-test-data.ext2");
        assertThat(ok(remote, "--offline", "get", "-y", "dapp-test-data").out())
                .isEqualTo("dapp-test-data:" + DAPP + ":1.0.0:" + rStored + "\n");
        assertThat(Files.mismatch(rStored, Fixtures.path("dapp-test-data.ext2"))).isEqualTo(-1);

        // 5. R describes a machine: the defaults replaced by the fixtures (from the git repo), plus the 'cool' drive
        ok(remote, "--offline", "machine", "init");
        Path pkgFile = r.resolve("carti-machine-package.json");
        String pkgText = Files.readString(pkgFile).replace(DEFAULT_ROM, ROM).replace(DEFAULT_RAM, LINUX).replace(DEFAULT_ROOT, ROOTFS)
                .replace("linux-5.5.19-ctsi-2.bin", "linux.bin");
        ObjectNode pkg = (ObjectNode) Json.parse(pkgText, "package");
        ArrayNode repos = pkg.putArray("repos");
        repos.add(defaultsRepo);
        Files.writeString(pkgFile, Json.pretty(pkg));
        ok(remote, "--offline", "machine", "add", "flash", "dapp-test-data", "--length", "0x100000", "-m", "cool", "-y");

        // 6. R builds its config
        ok(remote, "--offline", "machine", "build");
        String expected = goldenInitBuild().replace(DEFAULT_ROM, ROM).replace(DEFAULT_RAM, LINUX).replace(DEFAULT_ROOT, ROOTFS)
                .replace("linux-5.5.19-ctsi-2.bin", "linux.bin")
                .replace("mtdparts=flash.0:-(root) -- ls", "mtdparts=flash.0:-(root);flash.1:-(cool) -- ls")
                .replace("      },\n    },\n  }\n", "      },\n" + goldenDappDriveBlock() + "    },\n  }\n");
        assertThat(Files.readString(r.resolve("machine-config.lua"))).isEqualTo(expected);
        PackageOracle.assertBuiltFrom(r.resolve("machine-config.lua"), pkgFile, "/opt/carti/packages", "0.7");

        // 7. L installs R's machine: adds the defaults repo, resolves the 3 defaults from it and the dapp from its own index
        CliHarness.Result install = ok(local, "--offline", "machine", "install", pkgFile.toString());
        assertThat(install.out()).isEqualTo("Successful machine installed\n");
        assertThat(install.err()).contains("- adding repo: " + defaultsRepo, "- Installing bundle: default-rom",
                "- Skipping install, found bundle: dapp-test-data");
        assertThat(Files.readString(l.resolve("machine-config.lua"))).isEqualTo(expected);
        PackageOracle.assertBuiltFrom(l.resolve("machine-config.lua"), pkgFile, "/opt/carti/packages", "0.7");
        for (String[] f : new String[][] {{ROM, "rom.bin"}, {LINUX, "linux.bin"}, {ROOTFS, "rootfs.ext2"}, {DAPP, "dapp-test-data.ext2"}}) {
            Path built = l.resolve("carti_build/bundles").resolve(f[0]).resolve(f[1]);
            assertThat(Files.mismatch(built, Fixtures.path(f[1]))).as(built.toString()).isEqualTo(-1);
            assertThat(Files.mismatch(l.resolve("carti_bundles").resolve(f[0]).resolve(f[1]), Fixtures.path(f[1]))).isEqualTo(-1);
        }

        // a second install finds everything in place and downloads nothing
        CliHarness.Result again = ok(local, "--offline", "machine", "install", pkgFile.toString());
        assertThat(again.err()).contains("- skipping adding repo, already knows repo: " + defaultsRepo, "- Skipping install, found bundle: default-ram");
        PackageOracle.assertBuiltFrom(l.resolve("machine-config.lua"), pkgFile, "/opt/carti/packages", "0.7");

        // 8. R removes the drive again
        ok(remote, "--offline", "machine", "rm", "flash", "cool");
        assertThat(Files.readString(pkgFile)).doesNotContain("\"cool\"");
    }

    @Test void anUnresolvableAssetFailsBeforeAnythingIsCreated() throws Exception {
        Path p = tmp.resolve("P");
        Files.createDirectories(p);
        CliHarness h = new CliHarness(p, tmp.resolve("home"));
        ok(h, "machine", "init");
        ObjectNode pkg = (ObjectNode) Json.readIfExists(p.resolve("carti-machine-package.json"));
        pkg.remove("repos");
        Files.writeString(p.resolve("carti-machine-package.json"), Json.pretty(pkg));
        CliHarness.Result r = h.run("--offline", "machine", "install", "carti-machine-package.json");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("error: Could not resolve bundle for id:" + DEFAULT_ROM + " name:default-rom try adding the repo");
        assertThat(p.resolve("carti_build")).doesNotExist();
        assertThat(p.resolve("carti_bundles")).doesNotExist();
        assertThat(p.resolve("machine-config.lua")).doesNotExist();
    }
}
