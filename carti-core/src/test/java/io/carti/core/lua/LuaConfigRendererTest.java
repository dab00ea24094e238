package io.carti.core.lua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.carti.core.CartiException;
import io.carti.core.json.Json;
import io.carti.core.machine.Golden;
import io.carti.core.machine.MachineConfigs;
import io.carti.core.machine.MachinePackage;
import io.carti.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuaConfigRendererTest {
    @TempDir Path tmp;

    @Test void minimalModelRendersByteForByteAndLoadsInLua() throws Exception {
        JsonNode model = Json.parse(Files.readString(Fixtures.path("golden/lua/minimal.input.json")), "minimal");
        String lua = LuaConfigRenderer.render(model, LuaConfigRenderer.Signature.RETURN, "minimal");
        assertThat(lua).isEqualTo(Files.readString(Fixtures.path("golden/lua/minimal.return.lua")));
        assertLoadsAs(lua, model);
    }

    /** upstream's lua_config_template test: parse test_assign_config.lua, regenerate in both forms. */
    @Test void parsedUpstreamConfigRegeneratesByteForByte() throws Exception {
        for (String fixture : new String[] {"test_assign_config.lua", "test_return_config.lua"}) {
            JsonNode model = LuaConfigReader.read(Files.readString(Fixtures.path(fixture)), fixture);
            String assign = LuaConfigRenderer.render(model, LuaConfigRenderer.Signature.ASSIGNMENT, fixture);
            String ret = LuaConfigRenderer.render(model, LuaConfigRenderer.Signature.RETURN, fixture);
            assertThat(assign).isEqualTo(Files.readString(Fixtures.path("golden/lua/generate_from_assign_config.assignment.lua")));
            assertThat(ret).isEqualTo(Files.readString(Fixtures.path("golden/lua/generate_from_assign_config.return.lua")));
            assertLoadsAs(assign, model);
            // and the regenerated config reads back as the original (upstream's deep-equal round trip)
            assertThat(LuaConfigReader.read(ret, "regenerated")).isEqualTo(model);
            assertThat(LuaDump.load(write(ret))).isEqualTo(LuaDump.load(Fixtures.path(fixture)));
        }
    }

    @Test void noFlashModelRendersByteForByte() throws Exception {
        JsonNode model = Json.parse("""
                {"ram":{"length":"0x1000","image_filename":"m"},"rom":{"image_filename":"r","bootargs":"b"},"flash_drive":[]}""", "m");
        String lua = LuaConfigRenderer.render(model, LuaConfigRenderer.Signature.RETURN, "no_flash");
        assertThat(lua).isEqualTo(Files.readString(Fixtures.path("golden/lua/no_flash.return.lua")));
        assertLoadsAs(lua, model);
    }

    /** Every machine-config.lua upstream wrote from a complete package is reproduced from that package. */
    @Test void goldenBuildsOfUpstreamPackagesAreByteIdentical() throws Exception {
        String pkgText = null;
        int compared = 0;
        for (Golden.Run r : Golden.runs("machine")) {
            if (r.file("carti-machine-package.json") != null) pkgText = r.file("carti-machine-package.json");
            String lua = r.file("machine-config.lua");
            if (lua == null || pkgText == null || !r.argv().get(1).equals("build")) continue;
            String base = r.argv().contains("-d") ? r.argv().get(r.argv().indexOf("-d") + 1) : MachineConfigs.DEFAULT_BASE;
            MachinePackage pkg = MachinePackage.parse(pkgText, r.id());
            if (!pkg.ram().has("length")) {
                // upstream wrote "length = ," (B22): refused
                MachinePackage p = pkg;
                assertThatThrownBy(() -> LuaConfigRenderer.render(MachineConfigs.model(p, base), LuaConfigRenderer.Signature.RETURN, r.id()))
                        .isInstanceOf(CartiException.class).hasMessageContaining("/ram: missing required property 'length'");
                continue;
            }
            JsonNode model = MachineConfigs.model(pkg, base);
            String mine = LuaConfigRenderer.render(model, LuaConfigRenderer.Signature.RETURN, r.id());
            assertThat(mine).as(r.id()).isEqualTo(lua);
            assertThat(LuaDump.load(write(mine))).as(r.id()).isEqualTo(PackageOracle.expected07(pkg.json(), base));
            compared++;
        }
        assertThat(compared).isGreaterThanOrEqualTo(8);
    }

    @Test void hostileStringsLoadBackExactly() throws Exception {
        String nasty = "a\"b\\c\nd]]e[[f\r\tg\u0000h\u0007 9\u00e9\u4e2d\ud83d\ude00 --[[x]] ' \\n";
        JsonNode model = Json.parse("""
                {"ram":{"length":"0x4000000","image_filename":"/p/a\\"b"},
                 "rom":{"image_filename":"/r]]x","bootargs":"x"},
                 "flash_drive":[{"start":"0x8000000000000000","length":"0x1000","image_filename":"/d\\\\e\\n","shared":false}]}""", "m");
        ((com.fasterxml.jackson.databind.node.ObjectNode) model.get("rom")).put("bootargs", nasty);
        String lua = LuaConfigRenderer.render(model, LuaConfigRenderer.Signature.ASSIGNMENT, "hostile");
        assertLoadsAs(lua, model);
        assertThat(LuaDump.load(write(lua)).get("/rom/bootargs")).isEqualTo("s:" + LuaDump.encode(nasty));
    }

    @Test void nonNumericValuesAreRefusedInsteadOfBreakingTheLua() {
        JsonNode model = Json.parse("""
                {"ram":{"length":"0x4000000 os.exit()","image_filename":"m"},"rom":{"image_filename":"r","bootargs":"b"},"flash_drive":[]}""", "m");
        assertThatThrownBy(() -> LuaConfigRenderer.render(model, LuaConfigRenderer.Signature.RETURN, "bad.lua"))
                .hasMessageStartingWith("bad.lua: /ram/length: must be a number");
    }

    private void assertLoadsAs(String lua, JsonNode model) throws Exception {
        assertThat(LuaDump.load(write(lua))).isEqualTo(LuaDump.expected(model));
    }

    private Path write(String lua) throws Exception {
        Path f = Files.createTempFile(tmp, "cfg", ".lua");
        Files.writeString(f, lua);
        return f;
    }
}
