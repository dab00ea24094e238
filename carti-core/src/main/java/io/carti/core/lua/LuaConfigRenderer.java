package io.carti.core.lua;

import com.fasterxml.jackson.databind.JsonNode;
import io.carti.core.schema.SchemaValidator;
import java.util.List;

/**
 * Renders the Lua machine-config model (emulator 0.5–0.7 layout, {@code schemas/machine-config.schema.json}) the
 * way upstream's template does, byte for byte, including its odd indentation (scalar fields of processor, rom
 * bootargs, htif and clint are indented by one extra space). Differences, on purpose (B22): strings are real
 * Lua literals ({@link LuaStrings}), and a model with a missing or non-numeric value is refused instead of
 * producing {@code length = ,}.
 */
public final class LuaConfigRenderer {
    /** How the table is introduced: {@code return {…}} or {@code machine_config = {…}}. */
    public enum Signature {
        RETURN("return"), ASSIGNMENT("machine_config =");

        final String text;

        Signature(String text) { this.text = text; }
    }

    /** Upstream's order of processor CSRs (note mtvec before mtval). */
    static final List<String> PROCESSOR_FIELDS = List.of("iflags", "ilrsc", "marchid", "mcause", "mcounteren", "mcycle",
            "medeleg", "mepc", "mideleg", "mie", "mimpid", "minstret", "mip", "misa", "mscratch", "mstatus", "mtvec", "mtval",
            "mvendorid", "pc", "satp", "scause", "scounteren", "sepc", "sscratch", "stval", "stvec");
    static final List<String> HTIF_FIELDS = List.of("tohost", "fromhost", "console_getchar", "yield_progress", "yield_rollup");

    private LuaConfigRenderer() {}

    /** The config text; {@code label} names the config in validation errors. */
    public static String render(JsonNode cfg, Signature sig, String label) {
        SchemaValidator.check(SchemaValidator.Schema.MACHINE_CONFIG, cfg, label);
        StringBuilder sb = new StringBuilder();
        sb.append(sig.text).append(" {\n");
        JsonNode p = cfg.get("processor");
        if (p != null) {
            sb.append("    processor = {\n");
            JsonNode x = p.get("x");
            if (x != null) {
                sb.append("      x = {\n");
                for (JsonNode r : x) sb.append("        ").append(r.asText()).append(",\n");
                sb.append("      },\n");
            }
            for (String f : PROCESSOR_FIELDS) field(sb, p, f);
            sb.append("    },\n");
        }
        JsonNode ram = cfg.get("ram");
        sb.append("    ram = {\n");
        sb.append("      length = ").append(ram.get("length").asText()).append(",\n");
        sb.append("      image_filename = ").append(LuaStrings.quote(ram.get("image_filename").asText())).append(",\n");
        sb.append("    },\n");
        JsonNode rom = cfg.get("rom");
        sb.append("    rom = {\n");
        sb.append("      image_filename = ").append(LuaStrings.quote(rom.get("image_filename").asText())).append(",\n");
        if (rom.hasNonNull("bootargs")) sb.append("       bootargs = ").append(LuaStrings.quote(rom.get("bootargs").asText())).append(",\n");
        sb.append("    },\n");
        JsonNode htif = cfg.get("htif");
        if (htif != null) {
            sb.append("    htif = {\n");
            for (String f : HTIF_FIELDS) field(sb, htif, f);
            sb.append("    },\n");
        }
        JsonNode clint = cfg.get("clint");
        if (clint != null) {
            sb.append("    clint = {\n");
            field(sb, clint, "mtimecmp");
            sb.append("    },\n");
        }
        sb.append("    flash_drive = {\n");
        for (JsonNode d : cfg.get("flash_drive")) {
            sb.append("      {\n");
            sb.append("        start = ").append(d.get("start").asText()).append(",\n");
            sb.append("        length = ").append(d.get("length").asText()).append(",\n");
            if (d.has("image_filename")) {
                sb.append("        image_filename = ").append(LuaStrings.quote(d.get("image_filename").asText())).append(",\n");
            }
            sb.append("        shared = ").append(d.get("shared").asBoolean()).append(",\n");
            sb.append("      },\n");
        }
        sb.append("    },\n");
        sb.append("  }\n");
        return sb.toString();
    }

    /** One of the 7-space-indented optional scalar lines. */
    private static void field(StringBuilder sb, JsonNode parent, String name) {
        JsonNode v = parent.get(name);
        if (v == null || v.isNull()) return;
        // numbers are schema-checked number text; booleans print as true/false
        sb.append("       ").append(name).append(" = ").append(v.asText()).append(",\n");
    }
}
