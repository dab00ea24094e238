package io.carti.core.lua;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Loads a config with the real {@code lua5.4} and flattens the resulting table into {@code /path/to/key → typed
 * value} lines (strings byte-exact, integers as 64-bit hex), so tests compare what the emulator's Lua would read
 * with what carti meant to write, field by field.
 */
public final class LuaDump {
    private static final String SCRIPT = String.join("\n",
            "local ok, c = pcall(dofile, arg[1])",
            "if not ok then io.stderr:write(tostring(c), '\\n') os.exit(2) end",
            "if c == nil then c = machine_config end",
            "local function enc(s) return (s:gsub('[^%w ]', function(ch) return string.format('%%%02X', ch:byte()) end)) end",
            "local function dump(prefix, v)",
            "  local t = type(v)",
            "  if t == 'table' then",
            "    local keys = {}",
            "    for k in pairs(v) do keys[#keys + 1] = k end",
            "    table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)",
            "    for _, k in ipairs(keys) do dump(prefix .. '/' .. tostring(k), v[k]) end",
            "  elseif t == 'string' then io.write(prefix, '=s:', enc(v), '\\n')",
            "  elseif math.type(v) == 'integer' then io.write(prefix, '=i:', string.format('0x%x', v), '\\n')",
            "  else io.write(prefix, '=', t, ':', tostring(v), '\\n') end",
            "end",
            "dump('', c)", "");

    /** Keys whose values are strings even when they look like numbers. */
    private static final java.util.Set<String> STRING_KEYS = java.util.Set.of("image_filename", "bootargs", "init", "entrypoint", "label");

    private LuaDump() {}

    /** The flattened table {@code lua5.4} reads from {@code config}; fails with lua's message if it does not load. */
    public static Map<String, String> load(Path config) {
        try {
            Path script = Files.createTempFile("luadump", ".lua");
            try {
                Files.writeString(script, SCRIPT);
                Process p = new ProcessBuilder("lua5.4", script.toString(), config.toAbsolutePath().toString()).redirectErrorStream(false).start();
                byte[] out = p.getInputStream().readAllBytes();
                byte[] err = p.getErrorStream().readAllBytes();
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new AssertionError("lua5.4 could not load " + config + ": " + new String(err, StandardCharsets.UTF_8));
                }
                Map<String, String> m = new TreeMap<>();
                for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
                    if (line.isEmpty()) continue;
                    int eq = line.indexOf('=');
                    m.put(line.substring(0, eq), line.substring(eq + 1));
                }
                return m;
            } finally {
                Files.deleteIfExists(script);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run lua5.4 (is it installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The same flattening of a config model (numbers as strings holding hex or decimal text). */
    public static Map<String, String> expected(JsonNode model) {
        Map<String, String> m = new TreeMap<>();
        flatten("", model, m);
        return m;
    }

    private static void flatten(String prefix, JsonNode n, Map<String, String> m) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix + "/" + e.getKey(), e.getValue(), m);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) flatten(prefix + "/" + (i + 1), n.get(i), m);
        } else if (n.isBoolean()) {
            m.put(prefix, "boolean:" + n.booleanValue());
        } else if (n.isTextual() && !STRING_KEYS.contains(prefix.substring(prefix.lastIndexOf('/') + 1))
                && n.textValue().matches("0[xX][0-9a-fA-F]+|[0-9]+")) {
            String t = n.textValue();
            BigInteger v = t.startsWith("0x") || t.startsWith("0X") ? new BigInteger(t.substring(2), 16) : new BigInteger(t);
            // no reduction modulo 2^64: the text must denote exactly the integer lua5.4 reads
            m.put(prefix, "i:0x" + v.toString(16));
        } else {
            m.put(prefix, "s:" + encode(n.asText()));
        }
    }

    /** Percent-encodes every byte but letters, digits and space (as the Lua side does). */
    public static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ') sb.append((char) c);
            else sb.append(String.format("%%%02X", c));
        }
        return sb.toString();
    }
}
