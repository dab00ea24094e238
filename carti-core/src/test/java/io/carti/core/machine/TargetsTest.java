package io.carti.core.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carti.core.lua.LuaDump;
import io.carti.core.lua.PackageOracle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 0.19 (DTB) target, the cartesi-machine command line, and the hostile-strings round trip through lua5.4. */
class TargetsTest {
    @TempDir Path tmp;

    static MachinePackage twoDrives() {
        MachinePackage p = MachinePackage.defaults();
        PackageEditor e = new PackageEditor(p);
        e.addDrive(new PackageEditor.NewDrive(new PackageEditor.BundleRef(PackageEditorTest.D, "dapp", "dapp-test-data.ext2"),
                "dapp", null, "0x100000", true, null));
        e.addDrive(new PackageEditor.NewDrive(null, "out", null, "0x1000", false, null));
        e.setBoot("ls /mnt/dapp", null);
        return p;
    }

    @Test void target019RendersDtbConfigThatLoadsInLua() throws Exception {
        MachinePackage p = twoDrives();
        String lua = MachineConfigs.renderLua(p, "/base", Target.V0_19, "p");
        Path f = tmp.resolve("cfg.lua");
        Files.writeString(f, lua);
        Map<String, String> got = LuaDump.load(f);
        // labels travel in comments and dtb.init, not as config keys
        assertThat(got).isEqualTo(PackageOracle.expected019(p.json(), "/base"));
        assertThat(got).containsEntry("/flash_drive/1/start", "i:0x80000000000000")
                .containsEntry("/flash_drive/2/start", "i:0x90000000000000")
                .containsEntry("/flash_drive/3/start", "i:0xa0000000000000")
                .containsEntry("/dtb/entrypoint", "s:" + LuaDump.encode("ls /mnt/dapp"))
                .containsEntry("/dtb/bootargs", "s:" + LuaDump.encode("quiet earlycon=sbi console=hvc0 root=/dev/pmem0 rw init=/usr/sbin/cartesi-init"))
                // cartesi-machine 0.19 mounts only drives backed by a file ('out' is empty: raw /dev/pmem2) and
                // records every label for the guest's flashdrive tool
                .containsEntry("/dtb/init", "s:" + LuaDump.encode(
                        "busybox mkdir -p /run/drive-label && echo \"root\" > /run/drive-label/pmem0\n"
                                + "busybox mkdir -p \"/mnt/dapp\" && busybox mount /dev/pmem1 \"/mnt/dapp\"\n"
                                + "busybox mkdir -p /run/drive-label && echo \"dapp\" > /run/drive-label/pmem1\n"
                                + "busybox mkdir -p /run/drive-label && echo \"out\" > /run/drive-label/pmem2\n"
                                + "USER=dapp\n"))
                .doesNotContainKey("/rom/image_filename");
        assertThat(lua).contains("{ -- /dev/pmem1: dapp\n");
    }

    @Test void target019RefusesStartsBeyond56Bits() {
        MachinePackage p = MachinePackage.defaults();
        new PackageEditor(p).addDrive(new PackageEditor.NewDrive(null, "far", "0x100000000000000", "0x1000", false, null));
        assertThat(MachineCheck.problems(p, Target.V0_7)).isEmpty();
        assertThat(MachineCheck.problems(p, Target.V0_19)).extracting(Problem::toString)
                .containsExactly("drive 'far': range 0x100000000000000+0x1000 does not fit in the 56-bit physical address space of emulator 0.12+");
    }

    @Test void commandLineSplitsIntoTheSameArgumentsInBash() throws Exception {
        MachinePackage p = twoDrives();
        new PackageEditor(p).setBoot("echo 'it''s' \"$HOME\" `id` ; ls\\ /mnt && printf \"%s\\n\" é", "console=hvc0 custom=\"x y\"");
        for (Target t : Target.values()) {
            List<String> args = EmulatorCommandLine.arguments(p, "/base dir/with 'quotes'", t);
            String line = EmulatorCommandLine.shellLine(p, "/base dir/with 'quotes'", t);
            assertThat(line).startsWith("cartesi-machine ");
            assertThat(bashWords(line.substring("cartesi-machine ".length()))).as(t.toString()).isEqualTo(args.subList(1, args.size()));
        }
        List<String> a07 = EmulatorCommandLine.arguments(twoDrives(), "/b", Target.V0_7);
        assertThat(a07).containsExactly("cartesi-machine",
                "--rom-image=/b/" + MachinePackage.DEFAULT_ROM_CID + "/rom.bin",
                "--ram-image=/b/" + MachinePackage.DEFAULT_RAM_CID + "/linux-5.5.19-ctsi-2.bin",
                "--ram-length=0x4000000",
                "--flash-drive=label:root,filename:/b/" + MachinePackage.DEFAULT_ROOT_CID + "/rootfs.ext2,start:0x8000000000000000,length:0x3c00000",
                "--flash-drive=label:dapp,filename:/b/" + PackageEditorTest.D + "/dapp-test-data.ext2,start:0x9000000000000000,length:0x100000,shared",
                "--flash-drive=label:out,start:0xa000000000000000,length:0x1000",
                "--", "ls /mnt/dapp");
        List<String> a19 = EmulatorCommandLine.arguments(twoDrives(), "/b", Target.V0_19);
        assertThat(a19).doesNotContain("--rom-image=/b/" + MachinePackage.DEFAULT_ROM_CID + "/rom.bin")
                .contains("--flash-drive=label:out,start:0xa0000000000000,length:0x1000")
                .containsSubsequence("--flash-drive=label:out,start:0xa0000000000000,length:0x1000", "--no-init-splash", "--user=dapp",
                        "--", "ls /mnt/dapp");
    }

    /**
     * cartesi-machine splits {@code --flash-drive=} at commas and each item at its first colon; {@code \\},
     * {@code \:} and {@code \,} stand for the literal characters. A base path holding them is escaped that way
     * (only inside --flash-drive: --ram-image= and --rom-image= take the rest of the word).
     */
    @Test void flashDriveValuesEscapeCommasColonsAndBackslashes() throws Exception {
        String base = "/data,v2/a:b\\c";
        List<String> args = EmulatorCommandLine.arguments(twoDrives(), base, Target.V0_7);
        assertThat(args).contains("--rom-image=/data,v2/a:b\\c/" + MachinePackage.DEFAULT_ROM_CID + "/rom.bin",
                "--flash-drive=label:root,filename:/data\\,v2/a\\:b\\\\c/" + MachinePackage.DEFAULT_ROOT_CID
                        + "/rootfs.ext2,start:0x8000000000000000,length:0x3c00000");
        String line = EmulatorCommandLine.shellLine(twoDrives(), base, Target.V0_19);
        assertThat(bashWords(line.substring("cartesi-machine ".length())))
                .contains("--flash-drive=label:dapp,filename:/data\\,v2/a\\:b\\\\c/" + PackageEditorTest.D
                        + "/dapp-test-data.ext2,start:0x90000000000000,length:0x100000,shared");
    }

    @Test void hostileBootArgsAndPathsReadBackExactlyInLua() throws Exception {
        String nasty = "echo \"quoted\" 'single' back\\slash ]] [[ ]=] \n newline\ttab é 中 😀 \u0001 end";
        MachinePackage p = MachinePackage.defaults();
        PackageEditor e = new PackageEditor(p);
        e.setBoot(nasty, null);
        e.setRom(new PackageEditor.BundleRef(MachinePackage.DEFAULT_ROM_CID, "default-rom", "rom.bin"), "/odd \"dir\"\\]]/rom.bin");
        for (Target t : Target.values()) {
            Path f = tmp.resolve("cfg-" + t + ".lua");
            Files.writeString(f, MachineConfigs.renderLua(p, "/base/ü\"x", t, "p"), StandardCharsets.UTF_8);
            Map<String, String> got = LuaDump.load(f);
            assertThat(got).isEqualTo(t == Target.V0_7 ? PackageOracle.expected07(p.json(), "/base/ü\"x") : PackageOracle.expected019(p.json(), "/base/ü\"x"));
            if (t == Target.V0_7) {
                assertThat(got.get("/rom/bootargs")).isEqualTo("s:" + LuaDump.encode(
                        "console=hvc0 rootfstype=ext2 root=/dev/mtdblock0 rw quiet mtdparts=flash.0:-(root) -- " + nasty));
                assertThat(got.get("/rom/image_filename")).isEqualTo("s:" + LuaDump.encode("/odd \"dir\"\\]]/rom.bin"));
            } else {
                assertThat(got.get("/dtb/entrypoint")).isEqualTo("s:" + LuaDump.encode(nasty));
            }
        }
    }

    @Test void bootArgsOverTheRomLimitAreRefused() {
        MachinePackage p = MachinePackage.defaults();
        new PackageEditor(p).setBoot("x".repeat(2100), null);
        assertThatThrownBy(() -> MachineConfigs.renderLua(p, "/b", Target.V0_7, "pkg.json"))
                .hasMessageStartingWith("pkg.json: boot: the boot args are 2186 bytes, over the 2047-byte limit of the ROM");
        assertThat(MachineCheck.problems(p, Target.V0_19)).isEmpty(); // entrypoint lives in the DTB, not in bootargs
    }

    /**
     * The emulator's rom_init copies the boot args with strncpy(…, 0x800) and then writes a NUL at index 0x7ff, so
     * 2047 bytes reach the kernel and a 2048th is cut silently: 2047 passes, 2048 is refused.
     */
    @Test void romBootArgsLimitIs2047BytesBecauseTheLastByteIsTheNul() {
        String prefix = "console=hvc0 rootfstype=ext2 root=/dev/mtdblock0 rw quiet mtdparts=flash.0:-(root) -- ";
        MachinePackage p = MachinePackage.defaults();
        new PackageEditor(p).setBoot("y".repeat(2047 - prefix.length()), null);
        assertThat(MachineConfigs.bootargs(p)).hasSize(2047).startsWith(prefix);
        assertThat(MachineCheck.problems(p, Target.V0_7)).isEmpty();
        new PackageEditor(p).setBoot("y".repeat(2048 - prefix.length()), null);
        assertThat(MachineCheck.problems(p, Target.V0_7)).extracting(Problem::toString).containsExactly(
                "boot: the boot args are 2048 bytes, over the 2047-byte limit of the ROM (0x800 bytes with the terminating NUL) (emulator 0.7)");
        // multi-byte UTF-8 counts in bytes: 1 char 'é' = 2 bytes
        new PackageEditor(p).setBoot("y".repeat(2046 - prefix.length()) + "\u00e9", null);
        assertThat(MachineCheck.problems(p, Target.V0_7)).hasSize(1);
    }

    private List<String> bashWords(String line) throws Exception {
        Process pr = new ProcessBuilder("bash", "-c", "printf '%s\\0' " + line).start();
        byte[] out = pr.getInputStream().readAllBytes();
        assertThat(pr.waitFor()).isZero();
        String s = new String(out, StandardCharsets.UTF_8);
        return Arrays.asList(s.substring(0, s.length() - 1).split("\0", -1));
    }
}
