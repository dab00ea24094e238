package io.carti.core.lua;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The values a machine config can hold, as {@link LuaTableParser} evaluates them (Lua 5.4 semantics). */
public sealed interface LuaValue permits LuaValue.Nil, LuaValue.Bool, LuaValue.Int, LuaValue.Flt, LuaValue.Str, LuaValue.Table {
    /** Lua type name, for messages. */
    String typeName();

    record Nil() implements LuaValue {
        public static final Nil NIL = new Nil();

        @Override public String typeName() { return "nil"; }
    }

    record Bool(boolean value) implements LuaValue {
        @Override public String typeName() { return "boolean"; }
    }

    /** A 64-bit integer (wrapping, as Lua's); {@code literal} keeps a plain hex literal's source text, else null. */
    record Int(long value, String literal) implements LuaValue {
        @Override public String typeName() { return "number"; }

        /** Upstream's number text: the source literal when it was hex, else {@code 0x} + unsigned hex. */
        public String hexText() { return literal != null ? literal : "0x" + Long.toHexString(value); }
    }

    record Flt(double value) implements LuaValue {
        @Override public String typeName() { return "number"; }
    }

    record Str(String value) implements LuaValue {
        @Override public String typeName() { return "string"; }
    }

    /** A table constructor's entries in source order; positional values have keys 1, 2, … */
    record Table(List<Entry> entries) implements LuaValue {
        public record Entry(LuaValue key, LuaValue value) {}

        @Override public String typeName() { return "table"; }

        public Optional<LuaValue> get(String name) {
            LuaValue found = null;
            for (Entry e : entries) if (e.key() instanceof Str s && s.value().equals(name)) found = e.value();
            return Optional.ofNullable(found).filter(v -> !(v instanceof Nil));
        }

        /** The values at keys 1..n, in order. */
        public List<LuaValue> array() {
            List<LuaValue> out = new ArrayList<>();
            for (long i = 1; ; i++) {
                LuaValue v = null;
                for (Entry e : entries) if (e.key() instanceof Int k && k.value() == i) v = e.value();
                if (v == null || v instanceof Nil) return out;
                out.add(v);
            }
        }

        public boolean hasNamedKeys() { return entries.stream().anyMatch(e -> e.key() instanceof Str); }
    }
}
