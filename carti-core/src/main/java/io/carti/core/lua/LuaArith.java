package io.carti.core.lua;

import io.carti.core.CartiException;
import java.util.function.Supplier;

/** Lua 5.4 arithmetic on constants: integers wrap at 64 bits, {@code /} and {@code ^} give floats, shifts are logical. */
final class LuaArith {
    private LuaArith() {}

    static LuaValue binary(String op, LuaValue a, LuaValue b, Supplier<CartiException> bad) {
        if (op.equals("..")) {
            String x = text(a), y = text(b);
            if (x == null || y == null) throw bad.get();
            return new LuaValue.Str(x + y);
        }
        if (op.equals("&") || op.equals("|") || op.equals("~") || op.equals("<<") || op.equals(">>")) {
            long x = integer(a, bad), y = integer(b, bad);
            return new LuaValue.Int(switch (op) {
                case "&" -> x & y;
                case "|" -> x | y;
                case "~" -> x ^ y;
                case "<<" -> shiftLeft(x, y);
                default -> shiftLeft(x, -y);
            }, null);
        }
        if (!(a instanceof LuaValue.Int || a instanceof LuaValue.Flt) || !(b instanceof LuaValue.Int || b instanceof LuaValue.Flt)) throw bad.get();
        if (a instanceof LuaValue.Int x && b instanceof LuaValue.Int y && !op.equals("/") && !op.equals("^")) {
            long p = x.value(), q = y.value();
            return new LuaValue.Int(switch (op) {
                case "+" -> p + q;
                case "-" -> p - q;
                case "*" -> p * q;
                case "//" -> { if (q == 0) throw bad.get(); yield Math.floorDiv(p, q); }
                case "%" -> { if (q == 0) throw bad.get(); yield Math.floorMod(p, q); }
                default -> throw bad.get();
            }, null);
        }
        double p = number(a), q = number(b);
        return new LuaValue.Flt(switch (op) {
            case "+" -> p + q;
            case "-" -> p - q;
            case "*" -> p * q;
            case "/" -> p / q;
            case "//" -> Math.floor(p / q);
            case "%" -> p - Math.floor(p / q) * q;
            case "^" -> Math.pow(p, q);
            default -> throw bad.get();
        });
    }

    static LuaValue negate(LuaValue v, Supplier<CartiException> bad) {
        if (v instanceof LuaValue.Int i) return new LuaValue.Int(-i.value(), null);
        if (v instanceof LuaValue.Flt f) return new LuaValue.Flt(-f.value());
        throw bad.get();
    }

    static LuaValue bnot(LuaValue v, Supplier<CartiException> bad) { return new LuaValue.Int(~integer(v, bad), null); }

    /** Lua's shift: logical, and a shift of 64 or more bits gives 0. */
    private static long shiftLeft(long x, long n) {
        if (n <= -64 || n >= 64) return 0;
        return n >= 0 ? x << n : x >>> -n;
    }

    private static long integer(LuaValue v, Supplier<CartiException> bad) {
        if (v instanceof LuaValue.Int i) return i.value();
        if (v instanceof LuaValue.Flt f && f.value() == Math.rint(f.value()) && f.value() >= -0x1p63 && f.value() < 0x1p63) return (long) f.value();
        throw bad.get();
    }

    private static double number(LuaValue v) {
        return v instanceof LuaValue.Int i ? (double) i.value() : ((LuaValue.Flt) v).value();
    }

    private static String text(LuaValue v) {
        if (v instanceof LuaValue.Str s) return s.value();
        if (v instanceof LuaValue.Int i) return Long.toString(i.value());
        if (v instanceof LuaValue.Flt f) return String.format("%.14g", f.value());
        return null;
    }
}
