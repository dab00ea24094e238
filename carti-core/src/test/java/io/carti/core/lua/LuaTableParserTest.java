package io.carti.core.lua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.CartiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java reader must read every value exactly as the real lua5.4 does (differential test). */
class LuaTableParserTest {
    @TempDir Path tmp;

    static final List<String> EXPRESSIONS = List.of(
            "0x8000000000000000", "0x9000000000000000", "0xffffffffffffffff", "0x6361727465736920", "0x1ffffffffffffffff",
            "0x18000000000000000", "0x10000000000000000", "0x00000000000000000001", "-0x8000000000000000",
            "0X3C00000", "1024", "0", "9223372036854775807", "-1", "-0x10", "- 1", "1<<12", "1 << 63", "1 << 64", "1 << -1",
            "0x8000000000000000 >> 4", "(1<<55) + (2<<52)", "64 << 20", "2 * 3 + 1", "2 + 3 * 4", "(2 + 3) * 4",
            "7 // 2", "-7 // 2", "-7 % 3", "7 % -3", "0xff & 0x0f", "0xf0 | 0x0f", "0xff ~ 0x0f", "~0", "~0 >> 8",
            "1 << 2 + 1", "3 - -2", "9223372036854775807 + 1", "0x7fffffffffffffff * 2",
            "\"a\\\"b\\\\c\\nd\\te\\r\"", "'single \\'quoted\\''", "\"\\65\\066\\0671\"", "\"\\x41\\x7a\"", "\"\\u{48}\\u{e9}\\u{4e2d}\\u{1F600}\"",
            "\"a\\z   \n   b\"", "\"line\\\nbreak\"", "[[long\nstring]]", "[==[with ]] inside]==]", "[[\nfirst newline skipped]]",
            "\"caf\u00e9 \u4e2d \ud83d\ude00\"", "\"con\" .. \"cat\" .. 1", "\"\"", "true", "false", "not nil",
            "\"\\a\\b\\f\\v\\0\"");

    @Test void valuesMatchLua54() throws Exception {
        for (String e : EXPRESSIONS) {
            Path f = tmp.resolve("v.lua");
            Files.writeString(f, "return { v = " + e + " }\n");
            ObjectNode model = LuaConfigReader.read(Files.readString(f), "v.lua");
            assertThat(LuaDump.expected(model)).as(e).isEqualTo(LuaDump.load(f));
        }
    }

    /** A hex literal wider than 64 bits wraps in Lua; the model must hold the wrapped value, not the source text. */
    @Test void overlongHexLiteralsAreStoredWrapped() {
        ObjectNode m = LuaConfigReader.read("return { a = 0x18000000000000000, b = 0x0000000000000000003c00000, c = 0X3C00000 }", "w.lua");
        assertThat(m.get("a").asText()).isEqualTo("0x8000000000000000");
        assertThat(m.get("b").asText()).isEqualTo("0x0000000000000000003c00000"); // leading zeros: same value, source kept
        assertThat(m.get("c").asText()).isEqualTo("0X3C00000");
    }

    @Test void bothUpstreamFixtureFormsParseToTheSameTable() throws Exception {
        ObjectNode a = LuaConfigReader.read(Files.readString(io.carti.core.testing.Fixtures.path("test_assign_config.lua")), "assign");
        ObjectNode r = LuaConfigReader.read(Files.readString(io.carti.core.testing.Fixtures.path("test_return_config.lua")), "return");
        assertThat(a).isEqualTo(r);
        assertThat(a.get("flash_drive").get(0).get("length").asText()).isEqualTo("0x3c00000");
        assertThat(a.get("processor").get("x").size()).isEqualTo(31);
        for (String fx : List.of("test_assign_config.lua", "test_return_config.lua")) {
            ObjectNode m = LuaConfigReader.read(Files.readString(io.carti.core.testing.Fixtures.path(fx)), fx);
            assertThat(LuaDump.expected(m)).as(fx).isEqualTo(LuaDump.load(io.carti.core.testing.Fixtures.path(fx)));
        }
    }

    @Test void commentsLocalsAndSeveralStatements() {
        String src = """
                #!/usr/bin/env lua
                --[==[ a long
                comment ]==]
                local images = "/opt/images" -- where they are
                local MiB = 1 << 20;
                ignored = { 1, 2, 3 }
                machine_config = {
                  ram = { length = 64 * MiB, image_filename = images .. "/linux.bin" },
                  flash_drive = { { start = 1 << 63, length = 60 * MiB, shared = false }, },
                  ["rom"] = { image_filename = images .. "/rom.bin", bootargs = "x" };
                }
                """;
        ObjectNode m = LuaConfigReader.read(src, "cfg.lua");
        assertThat(m.get("ram").get("length").asText()).isEqualTo("0x4000000");
        assertThat(m.get("ram").get("image_filename").asText()).isEqualTo("/opt/images/linux.bin");
        assertThat(m.get("flash_drive").get(0).get("start").asText()).isEqualTo("0x8000000000000000");
        assertThat(m.get("rom").get("bootargs").asText()).isEqualTo("x");
    }

    @Test void codeIsNeverRunAndErrorsNameTheLine() {
        assertThatThrownBy(() -> LuaConfigReader.read("return {\n  ram = os.execute('rm -rf /'),\n}", "evil.lua"))
                .isInstanceOf(CartiException.class).hasMessage("evil.lua:2: 'os': only constant values are supported (no function calls or field access)");
        assertThatThrownBy(() -> LuaConfigReader.read("return {\n ram = { length = x }\n}", "c.lua")).hasMessage("c.lua:2: unknown name 'x'");
        assertThatThrownBy(() -> LuaConfigReader.read("return {\n ram = \"open\n}", "c.lua")).hasMessageStartingWith("c.lua:2: unfinished string");
        assertThatThrownBy(() -> LuaConfigReader.read("return { a = 1 } x = 2", "c.lua")).hasMessage("c.lua:1: 'return' must be the last statement");
        assertThatThrownBy(() -> LuaConfigReader.read("print('hi')", "c.lua")).hasMessageStartingWith("c.lua:1: expected '=' after 'print'");
        assertThatThrownBy(() -> LuaConfigReader.read("x = 1", "c.lua")).hasMessageContaining("no machine config table found");
        assertThatThrownBy(() -> LuaConfigReader.read("return { a = 1 // 0 }", "c.lua")).hasMessageContaining("cannot apply '//'");
        assertThatThrownBy(() -> LuaConfigReader.read("return { a = 0x }", "c.lua")).hasMessageContaining("malformed number");
    }
}
