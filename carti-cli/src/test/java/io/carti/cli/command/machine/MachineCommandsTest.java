package io.carti.cli.command.machine;

import static org.assertj.core.api.Assertions.assertThat;

import io.carti.cli.CliHarness;
import io.carti.core.lua.LuaDump;
import io.carti.core.lua.PackageOracle;
import io.carti.core.machine.MachinePackage;
import io.carti.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineCommandsTest {
    static final String LINUX = "baenrwiekn3qdmotnl3jm5swsespejzbycv2wjb2itzzy3n4ouezhv4s34u";
    static final String DAPP = "baenrwic6ybfsdmdtm52fhgbeip6ndoi3e62bonaadmotji4x6vvdpedt3m";

    @TempDir Path proj;
    @TempDir Path home;
    CliHarness cli;
    Path pkg;

    @BeforeEach void setUp() throws Exception {
        cli = new CliHarness(proj, home);
        pkg = proj.resolve("carti-machine-package.json");
        for (String f : new String[] {"linux.bin", "dapp-test-data.ext2", "rom.bin"}) Files.copy(Fixtures.path(f), proj.resolve(f));
        ok("bundle", "-t", "ram", "-n", "linux", "-v", "1", "-d", "kernel", "linux.bin");
        ok("bundle", "-t", "flashdrive", "-n", "dapp", "-v", "1", "-d", "data", "dapp-test-data.ext2");
    }

    private CliHarness.Result ok(String... args) {
        CliHarness.Result r = cli.run(args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    private CliHarness.Result fails(String... args) {
        CliHarness.Result r = cli.run(args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isEqualTo(1);
        return r;
    }

    private Map<String, String> builtLua() { return LuaDump.load(proj.resolve("machine-config.lua")); }

    /** The machine-config.lua just built, read by lua5.4, holds exactly what the package describes. */
    private void assertBuiltFromPackage(String base, String target) {
        PackageOracle.assertBuiltFrom(proj.resolve("machine-config.lua"), pkg, base, target);
    }

    @Test void bundlelessDrivesCoexistAndBuildWithoutImages() {
        ok("machine", "init");
        ok("machine", "add", "flash", "-m", "out", "-l", "0x100000");
        ok("machine", "add", "flash", "-m", "scratch", "-l", "4096", "--shared");
        assertThat(fails("machine", "add", "flash", "-m", "nolen").err())
                .isEqualTo("error: drive 'nolen': an empty (bundleless) drive needs a --length\n");
        ok("machine", "build");
        assertBuiltFromPackage("/opt/carti/packages", "0.7");
        Map<String, String> lua = builtLua();
        assertThat(lua).containsEntry("/flash_drive/2/start", "i:0x9000000000000000").containsEntry("/flash_drive/2/length", "i:0x100000")
                .containsEntry("/flash_drive/3/length", "i:0x1000").containsEntry("/flash_drive/3/shared", "boolean:true")
                .doesNotContainKey("/flash_drive/2/image_filename").doesNotContainKey("/flash_drive/3/image_filename");
        assertThat(lua.get("/rom/bootargs")).contains(LuaDump.encode("mtdparts=flash.0:-(root);flash.1:-(out);flash.2:-(scratch) -- ls"));
    }

    @Test void resolvedPathIsRecordedAndRendered() throws Exception {
        ok("machine", "init");
        ok("machine", "add", "ram", "linux", "-y", "-r", "/images/my kernel.bin", "-l", "0x8000000");
        assertThat(Files.readString(pkg)).contains("\"ram\": {\n      \"cid\": \"" + LINUX + "\",\n      \"length\": \"0x8000000\",\n"
                + "      \"resolvedPath\": \"/images/my kernel.bin\"\n    }");
        ok("machine", "build");
        assertBuiltFromPackage("/opt/carti/packages", "0.7");
        assertThat(builtLua()).containsEntry("/ram/image_filename", "s:" + LuaDump.encode("/images/my kernel.bin"))
                .containsEntry("/ram/length", "i:0x8000000");
    }

    @Test void flashLengthDefaultsToTheBundleSizeAndTheChoiceIsSaid() throws Exception {
        ok("machine", "init");
        CliHarness.Result r = ok("machine", "add", "flash", "dapp", "-m", "dapp", "-y");
        assertThat(r.err()).isEqualTo("- drive 'dapp': length 0x100000 (the size of bundle dapp)\n");
        assertThat(Files.readString(pkg)).contains("\"cid\": \"" + DAPP + "\",\n        \"start\": \"0x9000000000000000\",\n"
                + "        \"label\": \"dapp\",\n        \"length\": \"0x100000\",\n        \"shared\": false");
    }

    @Test void addErrorsExitOneAndWriteNothing() throws Exception {
        ok("machine", "init");
        String before = Files.readString(pkg);
        assertThat(fails("machine", "add", "ram", "nosuch", "-y").err()).startsWith("error: no installed bundle named 'nosuch'");
        assertThat(fails("machine", "add", "ram", "linux", "-y", "-l", "0x1001").err())
                .isEqualTo("error: ram: length 0x1001 must be a non-zero multiple of 4096 (0x1000)\n");
        assertThat(fails("machine", "add", "flash", "dapp", "-m", "x", "-y", "-s", "0x8000000000000000").err())
                .contains("error: drive 'x': range [0x8000000000000000, 0x8000000000100000) overlaps drive 'root'");
        assertThat(fails("machine", "add", "flash", "-m", "bad;label", "-l", "0x1000").err()).contains("label must start with a letter");
        // upstream: "Error: Label must be unique, label already exists,root " and exit 0
        assertThat(fails("machine", "add", "flash", "-m", "root", "-l", "0x1000").err())
                .startsWith("error: drive 'root': the label is already used by another drive");
        assertThat(fails("machine", "add", "flash", "-m", "", "-l", "0x1000").err())
                .isEqualTo("error: drive '': the label is empty; give the drive a label with -m <label>\n");
        assertThat(Files.readString(pkg)).isEqualTo(before);
    }

    @Test void addWithoutAPackageStartsFromTheDefaultPackage() throws Exception {
        ok("machine", "add", "flash", "dapp", "-m", "dapp", "-y");
        String text = Files.readString(pkg);
        assertThat(text).contains("\"name\": \"default-rom\"").contains("\"version\": \"0.0.0-development\"").contains("\"label\": \"dapp\"");
    }

    @Test void pickerReadsTheChoiceFromStdin() throws Exception {
        Files.writeString(proj.resolve("other.ext2"), "other");
        ok("bundle", "-t", "flashdrive", "-n", "dapp", "-v", "2", "-d", "other", "other.ext2");
        ok("machine", "init");
        CliHarness.Result r = cli.runWithInput("2\n", "machine", "add", "flash", "dapp", "-m", "data", "-l", "0x1000");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).contains("Which bundle would you like to add to your cartesi machine build");
        assertThat(Files.readString(pkg)).contains("\"name\": \"dapp\",\n      \"fileName\": \"other.ext2\"");
    }

    @Test void invalidPackageIsReportedLineByLineAndNotTouched() throws Exception {
        ok("machine", "init");
        String broken = Files.readString(pkg).replace("\"shared\": false", "\"shared\": \"no\"").replace("\"length\": \"0x4000000\"", "\"length\": 64");
        Files.writeString(pkg, broken);
        for (String[] cmd : new String[][] {{"machine", "build"}, {"machine", "check"}, {"machine", "add", "boot", "x"},
                {"machine", "rm", "ram"}, {"machine", "repo", "list"}}) {
            CliHarness.Result r = fails(cmd);
            assertThat(r.err()).as(String.join(" ", cmd)).contains(
                    "error: " + pkg + ": /machineConfig/flash_drive/0/shared: string found, boolean expected\n",
                    "error: " + pkg + ": /machineConfig/ram/length: must be a number written as a string: hexadecimal like \"0x4000000\", or decimal\n");
        }
        assertThat(Files.readString(pkg)).isEqualTo(broken);
        assertThat(proj.resolve("machine-config.lua")).doesNotExist();
    }

    @Test void checkReportsEveryProblemByDrive() throws Exception {
        ok("machine", "init");
        assertThat(ok("machine", "check").out()).isEqualTo("carti-machine-package.json: ok for emulator 0.7 (1 drives: root)\n");
        String text = Files.readString(pkg).replace("\"flash_drive\": [", """
                "flash_drive": [
                      {"start": "0x8000000000001000", "label": "root", "length": "0xa", "shared": false},""");
        Files.writeString(pkg, text);
        CliHarness.Result r = fails("machine", "check");
        assertThat(r.err()).isEqualTo("""
                error: carti-machine-package.json: drive 'root': length 0xa must be a non-zero multiple of 4096 (0x1000)
                error: carti-machine-package.json: drive 'root': label is used by more than one drive
                error: carti-machine-package.json: drive 'root': must be the first drive (the kernel mounts drive 0 as the root file system)
                error: carti-machine-package.json: drive 'root': range [0x8000000000000000, 0x8000000003c00000) overlaps drive 'root' [0x8000000000001000, 0x800000000000100a)
                """);
        assertThat(fails("machine", "build").err()).startsWith("error: carti-machine-package.json: drive 'root': length 0xa");
    }

    /**
     * Upstream built a package without a drive labelled root (§7.2: "with no drives the prefix ends in mtdparts=
     * followed by nothing"); carti builds it too, and warns. The expected text follows §7.3's grammar.
     */
    @Test void packageWithoutARootDriveBuildsAndWarns() throws Exception {
        ok("machine", "init");
        ok("machine", "rm", "flash", "root");
        CliHarness.Result r = ok("machine", "build");
        assertThat(r.err()).isEqualTo("warning: carti-machine-package.json: flash_drive: no drive is labelled 'root'; "
                + "the machine has no drive for the kernel to mount as its root file system\n");
        String b = "/opt/carti/packages/";
        assertThat(Files.readString(proj.resolve("machine-config.lua"))).isEqualTo("return {\n"
                + "    ram = {\n      length = 0x4000000,\n      image_filename = \"" + b + MachinePackage.DEFAULT_RAM_CID + "/linux-5.5.19-ctsi-2.bin\",\n    },\n"
                + "    rom = {\n      image_filename = \"" + b + MachinePackage.DEFAULT_ROM_CID + "/rom.bin\",\n"
                + "       bootargs = \"console=hvc0 rootfstype=ext2 root=/dev/mtdblock0 rw quiet mtdparts= -- ls\",\n    },\n"
                + "    flash_drive = {\n    },\n  }\n");
        assertBuiltFromPackage(b.substring(0, b.length() - 1), "0.7");
        ok("machine", "add", "flash", "dapp", "-m", "data", "-y");
        assertThat(ok("machine", "check").err()).isEqualTo("warning: carti-machine-package.json: flash_drive: no drive is labelled 'root'; "
                + "the kernel mounts drive 0 ('data') as the root file system\n");
        assertThat(ok("machine", "build").err()).contains("drive 0 ('data')");
        assertThat(builtLua().get("/rom/bootargs")).isEqualTo("s:" + LuaDump.encode(
                "console=hvc0 rootfstype=ext2 root=/dev/mtdblock0 rw quiet mtdparts=flash.0:-(data) -- ls"));
        // with its own boot prefix the package names its root itself: no warning
        ok("machine", "add", "boot", "ls", "-p", "console=hvc0 root=/dev/mtdblock0 rw");
        assertThat(ok("machine", "build").err()).isEmpty();
    }

    /** §3.12 and §7.2: upstream used {@code dir || "/opt/carti/packages"} and {@code bootPrefix || default}, so "" means the default. */
    @Test void emptyBaseAndEmptyBootPrefixMeanTheDefaults() throws Exception {
        ok("machine", "init");
        ok("machine", "add", "boot", "echo hi", "-p", "");
        ok("machine", "build", "-d", "");
        assertThat(builtLua()).containsEntry("/rom/bootargs", "s:" + LuaDump.encode(
                        "console=hvc0 rootfstype=ext2 root=/dev/mtdblock0 rw quiet mtdparts=flash.0:-(root) -- echo hi"))
                .containsEntry("/rom/image_filename", "s:" + LuaDump.encode("/opt/carti/packages/" + MachinePackage.DEFAULT_ROM_CID + "/rom.bin"));
        assertThat(ok("machine", "build", "--cmdline").out()).doesNotContain("--no-rom-bootargs");
    }

    /** §4.3: add is rm-then-add and an empty drive has no id, so re-adding one under its label replaces it (upstream exit 0). */
    @Test void reAddingAnEmptyDriveReplacesIt() throws Exception {
        ok("machine", "init");
        ok("machine", "add", "flash", "-m", "out", "-l", "0x1000");
        ok("machine", "add", "flash", "-m", "out", "-l", "0x2000", "--shared");
        assertThat(Files.readString(pkg)).contains("\"label\": \"root\",\n        \"length\": \"0x3c00000\",\n        \"shared\": false\n      },\n"
                + "      {\n        \"start\": \"0x9000000000000000\",\n        \"label\": \"out\",\n        \"length\": \"0x2000\",\n"
                + "        \"shared\": true\n      }\n    ],");
    }

    /**
     * Upstream's {@code machine add} stored {@code -l}/{@code --start} as typed, so its packages can hold decimal
     * text (§3.9, §7.3 "emitted verbatim"). carti reads them; the Lua keeps them verbatim, except decimals above
     * 2^63-1, which lua5.4 would read as floats: those are written in hex.
     */
    @Test void decimalNumbersUpstreamWroteAreReadAndRendered() throws Exception {
        ok("machine", "init");
        String text = Files.readString(pkg).replace("\"length\": \"0x4000000\"", "\"length\": \"67108864\"")
                .replace("\"shared\": false\n      }\n    ]", "\"shared\": false\n      },\n      {\n        \"start\": \"10376293541461622784\",\n"
                        + "        \"label\": \"out\",\n        \"length\": \"4096\",\n        \"shared\": false\n      }\n    ]");
        Files.writeString(pkg, text);
        ok("machine", "check");
        ok("machine", "repo", "list");
        ok("machine", "build");
        String lua = Files.readString(proj.resolve("machine-config.lua"));
        assertThat(lua).contains("    ram = {\n      length = 67108864,\n")
                .contains("      {\n        start = 0x9000000000000000,\n        length = 4096,\n        shared = false,\n      },\n");
        assertBuiltFromPackage("/opt/carti/packages", "0.7");
        ok("machine", "build", "--target", "0.19");
        assertBuiltFromPackage("/opt/carti/packages", "0.19");
        ok("machine", "add", "boot", "ls");
        assertThat(Files.readString(pkg)).contains("\"start\": \"10376293541461622784\"");
    }

    @Test void target019AndCmdline() throws Exception {
        ok("machine", "init");
        ok("machine", "add", "flash", "dapp", "-m", "dapp", "-y");
        ok("machine", "add", "boot", "ls /mnt/dapp");
        CliHarness.Result r = ok("machine", "build", "--target", "0.19", "--cmdline", "-d", "/srv/bundles");
        assertThat(r.out()).isEqualTo("cartesi-machine --ram-image=/srv/bundles/baenrwia5vqqvdu5chzjqq57tfo45z2txorpnmljeiuwemcibba43noqpvu/linux-5.5.19-ctsi-2.bin"
                + " --ram-length=0x4000000"
                + " --flash-drive=label:root,filename:/srv/bundles/baenrwig2hfjzzeqmozb7sws6tyxmyazvuipjp5hxamtllifsokwh73eucy/rootfs.ext2,start:0x80000000000000,length:0x3c00000"
                + " --flash-drive=label:dapp,filename:/srv/bundles/" + DAPP + "/dapp-test-data.ext2,start:0x90000000000000,length:0x100000"
                + " --no-init-splash --user=dapp -- 'ls /mnt/dapp'\n");
        assertBuiltFromPackage("/srv/bundles", "0.19");
        Map<String, String> lua = builtLua();
        assertThat(lua).containsEntry("/dtb/entrypoint", "s:" + LuaDump.encode("ls /mnt/dapp")).doesNotContainKey("/rom/bootargs");
        assertThat(fails("machine", "build", "--target", "0.8").err()).isEqualTo("error: unknown target '0.8' (expected 0.7 or 0.19)\n");
        CliHarness.Result r07 = ok("machine", "build", "--cmdline");
        assertThat(r07.out()).startsWith("cartesi-machine --rom-image=/opt/carti/packages/").endsWith(" -- 'ls /mnt/dapp'\n");
        assertBuiltFromPackage("/opt/carti/packages", "0.7");
        assertThat(builtLua()).containsEntry("/flash_drive/2/start", "i:0x9000000000000000");
    }

    /** The worked example of docs/machines.md, command by command, with the outputs the page shows. */
    @Test void docsWorkedExample() throws Exception {
        Files.copy(Fixtures.path("dapp-test-data.ext2"), proj.resolve("dapp-data.ext2"));
        ok("bundle", "-t", "flashdrive", "-n", "dapp-data", "-v", "1.0.0", "-d", "my data", "dapp-data.ext2");
        ok("machine", "init");
        assertThat(ok("machine", "add", "flash", "dapp-data", "-m", "data", "-y").err())
                .isEqualTo("- drive 'data': length 0x100000 (the size of bundle dapp-data)\n");
        ok("machine", "add", "flash", "-m", "scratch", "-l", "0x100000", "--shared");
        String boot = "ls /mnt/data | dd status=none of=$(flashdrive scratch)";
        ok("machine", "add", "boot", boot);
        assertThat(ok("machine", "check").out()).isEqualTo("carti-machine-package.json: ok for emulator 0.7 (3 drives: root, data, scratch)\n");
        String b = "/opt/carti/packages/";
        assertThat(ok("machine", "build", "--cmdline").out()).isEqualTo("cartesi-machine"
                + " --rom-image=" + b + MachinePackage.DEFAULT_ROM_CID + "/rom.bin"
                + " --ram-image=" + b + MachinePackage.DEFAULT_RAM_CID + "/linux-5.5.19-ctsi-2.bin --ram-length=0x4000000"
                + " --flash-drive=label:root,filename:" + b + MachinePackage.DEFAULT_ROOT_CID + "/rootfs.ext2,start:0x8000000000000000,length:0x3c00000"
                + " --flash-drive=label:data,filename:" + b + DAPP + "/dapp-data.ext2,start:0x9000000000000000,length:0x100000"
                + " --flash-drive=label:scratch,start:0xa000000000000000,length:0x100000,shared"
                + " -- '" + boot + "'\n");
        assertThat(Files.readString(proj.resolve("machine-config.lua"))).startsWith("return {\n    ram = {\n      length = 0x4000000,\n")
                .contains("\n       bootargs = \"console=hvc0 rootfstype=ext2 root=/dev/mtdblock0 rw quiet "
                        + "mtdparts=flash.0:-(root);flash.1:-(data);flash.2:-(scratch) -- " + boot + "\",\n");
        assertBuiltFromPackage(b.substring(0, b.length() - 1), "0.7");
        String base = proj.resolve("carti_build/bundles").toString();
        ok("machine", "build", "--target", "0.19", "-d", base, "--cmdline");
        assertThat(Files.readString(proj.resolve("machine-config.lua")))
                .startsWith("-- Cartesi machine config for emulator 0.19 (DTB/PMEM), generated by carti\nreturn {\n  ram = {\n")
                .contains("    { -- /dev/pmem0: root\n      start = 0x80000000000000,\n      length = 0x3c00000,\n");
        assertBuiltFromPackage(base, "0.19");
    }

    @Test void hostileBootArgsSurviveTheWholeCli() {
        String nasty = "echo \"a\\\"b\" 'c' \\\\ ]] \n x é";
        ok("machine", "init");
        ok("machine", "add", "boot", nasty);
        ok("machine", "build");
        assertBuiltFromPackage("/opt/carti/packages", "0.7");
        ok("machine", "build", "--target", "0.19");
        assertBuiltFromPackage("/opt/carti/packages", "0.19");
        assertThat(builtLua().get("/dtb/entrypoint")).isEqualTo("s:" + LuaDump.encode(nasty));
        ok("machine", "build");
        assertThat(builtLua().get("/rom/bootargs")).isEqualTo("s:" + LuaDump.encode(
                "console=hvc0 rootfstype=ext2 root=/dev/mtdblock0 rw quiet mtdparts=flash.0:-(root) -- " + nasty));
    }

    @Test void importThenBuildRoundTrip() throws Exception {
        Path images = Files.createDirectories(proj.resolve("images"));
        for (String f : new String[] {"linux.bin", "rom.bin", "rootfs.ext2"}) Files.copy(Fixtures.path(f), images.resolve(f));
        Files.copy(Fixtures.path("test_return_config.lua"), proj.resolve("cfg.lua"));
        CliHarness.Result r = ok("machine", "import", "cfg.lua", "--remap", "/opt/cartesi/share/images=images");
        assertThat(r.err()).contains("- bundled flash_drive[1] rootfs.ext2 as baenrwiabbgzc4nlhtpzs67lcpik3ldxdmmzttpd6batfcdk6vvpt36lofe\n");
        assertThat(fails("machine", "import", "cfg.lua", "--remap", "/opt/cartesi/share/images=images").err())
                .isEqualTo("error: carti-machine-package.json already exists in " + proj + " (use --force to replace it)\n");
        ok("machine", "build", "-d", "/opt/cartesi/share/images");
        assertBuiltFromPackage("/opt/cartesi/share/images", "0.7");
        Map<String, String> orig = LuaDump.load(proj.resolve("cfg.lua"));
        Map<String, String> built = builtLua();
        built.keySet().removeIf(k -> k.endsWith("image_filename"));
        orig.keySet().removeIf(k -> k.endsWith("image_filename"));
        assertThat(built).isEqualTo(orig);
        assertThat(ok("list").out()).contains("@ram/linux:0.0.0:" + LINUX + ":local");
    }

    /**
     * A package with processor/htif/clint (as import keeps them) and the fixture's image paths as resolvedPath builds
     * byte for byte into what upstream's generator wrote for that config (golden generate_from_assign_config.return.lua).
     */
    @Test void packageWithProcessorHtifClintBuildsUpstreamsBytes() throws Exception {
        Path images = Files.createDirectories(proj.resolve("images"));
        for (String f : new String[] {"linux.bin", "rom.bin", "rootfs.ext2"}) Files.copy(Fixtures.path(f), images.resolve(f));
        Files.copy(Fixtures.path("test_assign_config.lua"), proj.resolve("cfg.lua"));
        ok("machine", "import", "cfg.lua", "--remap", "/opt/cartesi/share/images=images");
        String d = "/opt/cartesi/share/images/";
        String text = Files.readString(pkg)
                .replaceFirst("(\"ram\": \\{\n      \"cid\": \"[a-z2-7]+\",\n      \"length\": \"0x4000000\")", "$1,\n      \"resolvedPath\": \"" + d + "linux.bin\"")
                .replaceFirst("(\"rom\": \\{\n      \"cid\": \"[a-z2-7]+\")", "$1,\n      \"resolvedPath\": \"" + d + "rom.bin\"")
                .replaceFirst("(\"shared\": false)", "$1,\n        \"resolvedPath\": \"" + d + "rootfs.ext2\"");
        Files.writeString(pkg, text);
        ok("machine", "build");
        assertThat(Files.readString(proj.resolve("machine-config.lua")))
                .isEqualTo(Files.readString(Fixtures.path("golden/lua/generate_from_assign_config.return.lua")));
    }

    /** B21: upstream's help called -d an output directory; it is the base written into image paths. */
    @Test void buildHelpDescribesDAsTheImageBasePath() throws Exception {
        String help = ok("machine", "build", "--help").out().replaceAll("\\s+", " ");
        assertThat(help).contains("-d, --dir=<base> Base path written into the config's image file names: <base>/<cid>/<file>"
                + " (default: /opt/carti/packages). It is not an output directory.");
        ok("machine", "init");
        Files.createDirectories(proj.resolve("out"));
        ok("machine", "build", "-d", "out");
        assertThat(proj.resolve("out").toFile().list()).isEmpty();
        assertBuiltFromPackage("out", "0.7");
    }

    @Test void repoCommands() throws Exception {
        ok("machine", "init");
        ok("machine", "repo", "add", "https://example.invalid/a,/srv/local");
        ok("machine", "repo", "add", "/srv/local");
        assertThat(ok("machine", "repo", "list").out()).isEqualTo("https://example.invalid/a,/srv/local,https://github.com/createdreamtech/carti-default\n");
        ok("machine", "repo", "rm", "/srv/local");
        assertThat(ok("machine", "repo", "list").out()).isEqualTo("https://example.invalid/a,https://github.com/createdreamtech/carti-default\n");
        assertThat(ok("machine", "repo", "deps").out()).isEqualTo("\n");
        // §3.11: the repos (cached listings) that list an asset's cid, unique, in asset order, joined by ','
        Path repoA = Files.createDirectories(proj.resolve("repo-a")), repoB = Files.createDirectories(proj.resolve("repo-b"));
        Files.writeString(repoA.resolve("bundles.json"), "{\"bundles\":[{\"bundleType\":\"flashdrive\",\"name\":\"dapp\","
                + "\"fileName\":\"dapp-test-data.ext2\",\"id\":\"" + DAPP + "\",\"version\":\"1\",\"uri\":\"https://example.invalid/d\"}]}");
        Files.writeString(repoB.resolve("bundles.json"), "{\"bundles\":[{\"bundleType\":\"rom\",\"name\":\"default-rom\",\"fileName\":\"rom.bin\","
                + "\"id\":\"" + MachinePackage.DEFAULT_ROM_CID + "\",\"version\":\"v0.4.0\",\"uri\":\"https://example.invalid/r\"},"
                + "{\"bundleType\":\"flashdrive\",\"name\":\"dapp\",\"fileName\":\"dapp-test-data.ext2\",\"id\":\"" + DAPP
                + "\",\"version\":\"1\",\"uri\":\"https://example.invalid/d2\"}]}");
        ok("repo", "add", "repo-a");
        ok("repo", "add", "repo-b");
        ok("machine", "add", "flash", "dapp", "-m", "dapp", "-y");
        assertThat(ok("machine", "repo", "deps").out()).isEqualTo(repoB + "," + repoA + "\n");
    }
}
