package io.carti.core.lua;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.CartiException;
import io.carti.core.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * A Lua machine config → the JSON model carti renders (numbers as hex strings, upstream's convention): picks the
 * config table from the chunk ({@code return {…}}, else {@code machine_config = {…}}, else the last table
 * assigned) and converts it.
 */
public final class LuaConfigReader {
    private LuaConfigReader() {}

    public static ObjectNode read(String source, String label) {
        LuaTableParser.Chunk chunk = LuaTableParser.parse(source, label);
        LuaValue cfg = chunk.returned();
        if (!(cfg instanceof LuaValue.Table)) cfg = chunk.assigned().get("machine_config");
        if (!(cfg instanceof LuaValue.Table)) {
            List<LuaValue> tables = new ArrayList<>(chunk.assigned().values().stream().filter(v -> v instanceof LuaValue.Table).toList());
            cfg = tables.isEmpty() ? null : tables.get(tables.size() - 1);
        }
        if (!(cfg instanceof LuaValue.Table t)) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT,
                    label + ": no machine config table found (expected 'return {...}' or 'machine_config = {...}')");
        }
        JsonNode n = toJson(t, label, "");
        if (!n.isObject()) throw new CartiException(CartiException.Kind.INVALID_INPUT, label + ": the config must be a table with named fields");
        return (ObjectNode) n;
    }

    /** Tables with named keys become objects, sequences become arrays; integers become hex strings. */
    static JsonNode toJson(LuaValue v, String label, String path) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v instanceof LuaValue.Bool b) return f.booleanNode(b.value());
        if (v instanceof LuaValue.Str s) return f.textNode(s.value());
        if (v instanceof LuaValue.Int i) return f.textNode(i.hexText());
        if (v instanceof LuaValue.Flt fl) {
            double d = fl.value();
            if (d == Math.rint(d) && d >= 0 && d < 0x1p64) {
                return f.textNode("0x" + new java.math.BigDecimal(d).toBigInteger().toString(16));
            }
            throw new CartiException(CartiException.Kind.INVALID_INPUT, label + ": " + path + " is " + d + ", not an integer");
        }
        if (v instanceof LuaValue.Table t) {
            if (t.hasNamedKeys()) {
                ObjectNode o = Json.object();
                for (LuaValue.Table.Entry e : t.entries()) {
                    if (e.value() instanceof LuaValue.Nil) continue;
                    if (!(e.key() instanceof LuaValue.Str k)) {
                        throw new CartiException(CartiException.Kind.INVALID_INPUT, label + ": " + path
                                + " mixes named fields and list items; carti cannot read it");
                    }
                    o.set(k.value(), toJson(e.value(), label, path + "/" + k.value()));
                }
                return o;
            }
            ArrayNode a = Json.array();
            List<LuaValue> items = t.array();
            if (items.size() != t.entries().stream().filter(e -> !(e.value() instanceof LuaValue.Nil)).count()) {
                throw new CartiException(CartiException.Kind.INVALID_INPUT, label + ": " + path + " is not a plain list (it has gaps or non-integer keys)");
            }
            for (int i = 0; i < items.size(); i++) a.add(toJson(items.get(i), label, path + "/" + (i + 1)));
            return a;
        }
        return f.nullNode();
    }
}
