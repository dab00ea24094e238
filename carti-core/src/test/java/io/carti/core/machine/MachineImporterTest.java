package io.carti.core.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carti.core.CartiEnv;
import io.carti.core.CartiException;
import io.carti.core.cid.CidHasher;
import io.carti.core.lua.LuaDump;
import io.carti.core.store.Layout;
import io.carti.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineImporterTest {
    @TempDir Path proj;
    @TempDir Path home;
    @TempDir Path images;

    private Layout layout() { return new Layout(CartiEnv.of(proj, home, Map.of())); }

    /** import → build gives the same config (read through lua5.4), image paths moved to <base>/<cid>/<file>. */
    @Test void roundTripOfUpstreamFixtures() throws Exception {
        for (String f : List.of("linux.bin", "rom.bin", "rootfs.ext2")) Files.copy(Fixtures.path(f), images.resolve(f));
        for (String fixture : List.of("test_assign_config.lua", "test_return_config.lua")) {
            Path src = Fixtures.path(fixture);
            MachineImporter.Result r = new MachineImporter(layout()).importConfig(src,
                    new MachineImporter.Options(Map.of("/opt/cartesi/share/images", images.toString()), null));
            assertThat(r.warnings()).isEmpty();
            MachinePackage pkg = r.pkg();
            assertThat(pkg.boot().toString()).isEqualTo("{\"args\":\"ls /bin\"}"); // default prefix recognised, not stored
            Path out = proj.resolve("rebuilt.lua");
            Files.writeString(out, MachineConfigs.renderLua(pkg, "/base", Target.V0_7, fixture));
            Map<String, String> original = LuaDump.load(src);
            Map<String, String> expected = new HashMap<>(original);
            for (String[] img : new String[][] {{"/ram/image_filename", "linux.bin"}, {"/rom/image_filename", "rom.bin"},
                    {"/flash_drive/1/image_filename", "rootfs.ext2"}}) {
                String cid = CidHasher.hash(images.resolve(img[1])).toString();
                expected.put(img[0], "s:" + LuaDump.encode("/base/" + cid + "/" + img[1]));
                assertThat(layout().localStore().file(io.carti.core.cid.Cid.parse(cid))).isPresent();
            }
            assertThat(LuaDump.load(out)).as(fixture).isEqualTo(expected);
        }
        assertThat(layout().localIndex().byName("linux")).hasSize(1);
    }

    @Test void labelsComeFromMtdpartsByDeviceNumberAndACustomPrefixIsKept() throws Exception {
        Files.writeString(images.resolve("a.ext2"), "a");
        Files.writeString(images.resolve("k.bin"), "k");
        Path lua = images.resolve("cfg.lua");
        Files.writeString(lua, """
                return {
                  ram = { length = 64 << 20, image_filename = "k.bin" },
                  rom = { image_filename = "", bootargs = "console=hvc0 quiet mtdparts=flash.1:-(data);flash.0:-(root) -- echo 'a -- b'" },
                  flash_drive = {
                    { start = 1 << 63, length = 0x1000, image_filename = "a.ext2" },
                    { start = (1 << 63) + (1 << 60), length = 4096, shared = true },
                  },
                }""");
        MachinePackage pkg = new MachineImporter(layout()).importConfig(lua, new MachineImporter.Options(null, "1.2.3")).pkg();
        assertThat(pkg.driveList()).extracting(d -> d.get("label").asText()).containsExactly("root", "data");
        assertThat(pkg.drive("data").get().toString())
                .isEqualTo("{\"start\":\"0x9000000000000000\",\"label\":\"data\",\"length\":\"0x1000\",\"shared\":true}");
        assertThat(pkg.boot().get("args").asText()).isEqualTo("echo 'a -- b'");
        assertThat(pkg.boot().get("bootPrefix").asText()).isEqualTo("console=hvc0 quiet mtdparts=flash.1:-(data);flash.0:-(root)");
        assertThat(pkg.ram().get("length").asText()).isEqualTo("0x4000000");
        assertThat(pkg.rom().isEmpty()).isTrue();
        assertThat(pkg.json().get("version").asText()).isEqualTo("1.2.3");
        assertThat(pkg.assets()).extracting(a -> a.get("name").asText()).containsExactly("k", "a");
    }

    @Test void missingImagesAreAllNamedAndNothingIsWritten() throws Exception {
        assertThatThrownBy(() -> new MachineImporter(layout()).importConfig(Fixtures.path("test_assign_config.lua"),
                new MachineImporter.Options(null, null)))
                .isInstanceOf(CartiException.class)
                .satisfies(e -> assertThat(e.getMessage().split("\n")).hasSize(3)
                        .allMatch(l -> l.startsWith("test_assign_config.lua: ") && l.contains("does not exist")));
        assertThat(proj.resolve("carti_bundles")).doesNotExist();
    }

    @Test void bootArgsWithoutACommandAreKeptAsThePrefixWithAWarning() throws Exception {
        Files.writeString(images.resolve("k.bin"), "k");
        Path lua = images.resolve("cfg.lua");
        Files.writeString(lua, "return { ram = { length = 0x4000000, image_filename = 'k.bin' }, rom = { image_filename = '', bootargs = 'console=hvc0' }, flash_drive = {} }");
        MachineImporter.Result r = new MachineImporter(layout()).importConfig(lua, new MachineImporter.Options(null, null));
        assertThat(r.pkg().boot().toString()).isEqualTo("{\"args\":\"\",\"bootPrefix\":\"console=hvc0\"}");
        assertThat(r.warnings()).contains("rom.bootargs has no ' -- <command>'; it is kept as the boot prefix, and the built config's boot args end with ' -- '");
    }

    @Test void dtbConfigsAreRefusedClearly() throws Exception {
        Path lua = images.resolve("new.lua");
        Files.writeString(lua, "return { ram = { length = 0x8000000 }, dtb = { bootargs = \"x\" }, flash_drive = {} }");
        assertThatThrownBy(() -> new MachineImporter(layout()).importConfig(lua, new MachineImporter.Options(null, null)))
                .hasMessageContaining("DTB-era config");
    }
}
