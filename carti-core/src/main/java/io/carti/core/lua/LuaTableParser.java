package io.carti.core.lua;

import io.carti.core.CartiException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small recursive-descent reader for Lua machine configs (Lua 5.4 syntax): statements {@code return <exp>},
 * {@code [local] name = <exp>}; comments (line and long); table constructors; strings with every escape
 * decoded, long strings; integers that wrap to 64 bits like Lua's (hex literals, unary minus), floats; and
 * constant expressions over them (arithmetic, {@code // % ^}, bitwise {@code & | ~ << >>}, {@code ..}, names
 * assigned earlier). It never runs code: a function call or an unknown name is an error with its line. luaj is
 * not used because it reads 0x8000000000000000 and similar values wrongly.
 */
public final class LuaTableParser {
    /** A parsed chunk: the value of its {@code return} (or null) and every name it assigned, in order. */
    public record Chunk(LuaValue returned, Map<String, LuaValue> assigned) {}

    private final String src;
    private final String label;
    private int pos;
    private int line = 1;
    private final Map<String, LuaValue> env = new LinkedHashMap<>();

    private LuaTableParser(String src, String label) {
        this.src = src;
        this.label = label;
    }

    public static Chunk parse(String source, String label) {
        LuaTableParser p = new LuaTableParser(source, label);
        return p.chunk();
    }

    // ---------------------------------------------------------------- statements

    private Chunk chunk() {
        LuaValue returned = null;
        if (src.startsWith("#")) while (pos < src.length() && src.charAt(pos) != '\n') pos++; // shebang
        while (true) {
            skipSpace();
            if (eof()) break;
            if (accept(";")) continue;
            if (keyword("return")) {
                skipSpace();
                returned = eof() || peekIs(";") ? LuaValue.Nil.NIL : expression();
                skipSpace();
                accept(";");
                skipSpace();
                if (!eof()) throw error("'return' must be the last statement");
                break;
            }
            boolean local = keyword("local");
            String name = name();
            if (name == null) throw error("expected a statement ('return {...}' or 'name = {...}')");
            skipSpace();
            if (!accept("=")) throw error(local ? "expected '=' after 'local " + name + "'" : "expected '=' after '" + name + "' (only assignments and return are supported)");
            env.put(name, expression());
        }
        return new Chunk(returned, env);
    }

    // ---------------------------------------------------------------- expressions (Lua 5.4 precedence)

    private static final String[][] BINARY = {
            {"|"}, {"~"}, {"&"}, {"<<", ">>"}, {".."}, {"+", "-"}, {"*", "//", "/", "%"}};

    private LuaValue expression() { return binary(0); }

    private LuaValue binary(int level) {
        if (level == BINARY.length) return unary();
        LuaValue left = binary(level + 1);
        while (true) {
            skipSpace();
            String op = operator(BINARY[level]);
            if (op == null) return left;
            int opLine = line;
            LuaValue right = op.equals("..") ? binary(level) : binary(level + 1); // '..' is right associative
            left = LuaArith.binary(op, left, right, () -> error(opLine, "cannot apply '" + op + "' to these values"));
            if (op.equals("..")) return left;
        }
    }

    private LuaValue unary() {
        skipSpace();
        int opLine = line;
        if (keyword("not")) {
            LuaValue v = unary();
            return new LuaValue.Bool(v instanceof LuaValue.Nil || (v instanceof LuaValue.Bool b && !b.value()));
        }
        if (peekIs("-") && !src.startsWith("--", pos)) {
            pos++;
            return LuaArith.negate(unary(), () -> error(opLine, "cannot negate this value"));
        }
        if (peekIs("~") && !src.startsWith("~=", pos)) {
            pos++;
            return LuaArith.bnot(unary(), () -> error(opLine, "'~' needs an integer"));
        }
        return power();
    }

    private LuaValue power() {
        LuaValue base = primary();
        skipSpace();
        if (accept("^")) {
            int opLine = line;
            LuaValue exp = unary(); // right associative, binds tighter than unary on its left
            return LuaArith.binary("^", base, exp, () -> error(opLine, "cannot apply '^' to these values"));
        }
        return base;
    }

    private LuaValue primary() {
        skipSpace();
        if (eof()) throw error("unexpected end of file");
        char c = src.charAt(pos);
        if (c == '{') return table();
        if (c == '"' || c == '\'') return new LuaValue.Str(shortString());
        if (c == '[' && longBracketLevel() >= 0) return new LuaValue.Str(longString());
        if (c == '(') {
            pos++;
            LuaValue v = expression();
            skipSpace();
            expect(")");
            return v;
        }
        if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) return number();
        int nameLine = line;
        String n = name();
        if (n == null) throw error("unexpected '" + c + "'");
        switch (n) {
            case "true": return new LuaValue.Bool(true);
            case "false": return new LuaValue.Bool(false);
            case "nil": return LuaValue.Nil.NIL;
            default:
        }
        skipSpace();
        if (peekIs("(") || peekIs(".") && !src.startsWith("..", pos) || peekIs(":") || peekIs("[") || peekIs("{") || peekIs("\"")) {
            throw error(nameLine, "'" + n + "': only constant values are supported (no function calls or field access)");
        }
        LuaValue v = env.get(n);
        if (v == null) throw error(nameLine, "unknown name '" + n + "'");
        return v;
    }

    private LuaValue table() {
        expect("{");
        List<LuaValue.Table.Entry> entries = new ArrayList<>();
        long index = 1;
        while (true) {
            skipSpace();
            if (accept("}")) break;
            if (peekIs("[") && longBracketLevel() < 0) {
                pos++;
                LuaValue key = expression();
                skipSpace();
                expect("]");
                skipSpace();
                expect("=");
                entries.add(new LuaValue.Table.Entry(normaliseKey(key), expression()));
            } else {
                int save = pos, saveLine = line;
                String n = name();
                skipSpace();
                if (n != null && peekIs("=") && !src.startsWith("==", pos)) {
                    pos++;
                    entries.add(new LuaValue.Table.Entry(new LuaValue.Str(n), expression()));
                } else {
                    pos = save;
                    line = saveLine;
                    entries.add(new LuaValue.Table.Entry(new LuaValue.Int(index++, null), expression()));
                }
            }
            skipSpace();
            if (accept(",") || accept(";")) continue;
            expect("}");
            break;
        }
        return new LuaValue.Table(entries);
    }

    private static LuaValue normaliseKey(LuaValue k) {
        if (k instanceof LuaValue.Flt f && f.value() == Math.rint(f.value()) && Math.abs(f.value()) < 0x1p63) {
            return new LuaValue.Int((long) f.value(), null);
        }
        if (k instanceof LuaValue.Int i && i.literal() != null) return new LuaValue.Int(i.value(), null);
        return k;
    }

    // ---------------------------------------------------------------- tokens

    private LuaValue number() {
        int start = pos;
        if (src.startsWith("0x", pos) || src.startsWith("0X", pos)) {
            pos += 2;
            int digits = pos;
            while (pos < src.length() && (isHex(src.charAt(pos)) || src.charAt(pos) == '.')) pos++;
            boolean flt = src.substring(digits, pos).contains(".");
            if (pos < src.length() && (src.charAt(pos) == 'p' || src.charAt(pos) == 'P')) {
                flt = true;
                pos++;
                if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) pos++;
                while (pos < src.length() && Character.isDigit(src.charAt(pos))) pos++;
            }
            String text = src.substring(start, pos);
            checkNumberEnd(text);
            if (flt) {
                try {
                    String t = text.contains("p") || text.contains("P") ? text : text + "p0";
                    return new LuaValue.Flt(Double.parseDouble(t));
                } catch (NumberFormatException e) {
                    throw error("malformed number '" + text + "'");
                }
            }
            if (digits == pos) throw error("malformed number '" + text + "'");
            long v = 0;
            int significant = 0;
            for (int i = digits; i < pos; i++) {
                int d = Character.digit(src.charAt(i), 16);
                if (significant > 0 || d != 0) significant++;
                v = (v << 4) | d; // wraps modulo 2^64, as Lua
            }
            // the source text is kept for upstream's verbatim rendering only when it denotes the value Lua reads
            return new LuaValue.Int(v, significant <= 16 ? text : null);
        }
        while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '.')) pos++;
        boolean flt = src.substring(start, pos).contains(".");
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            flt = true;
            pos++;
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) pos++;
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) pos++;
        }
        String text = src.substring(start, pos);
        checkNumberEnd(text);
        try {
            if (flt) return new LuaValue.Flt(Double.parseDouble(text));
            java.math.BigInteger b = new java.math.BigInteger(text);
            // Lua makes an overflowing decimal a float; up to 2^64-1 carti keeps the exact unsigned value instead
            if (b.bitLength() > 64) return new LuaValue.Flt(b.doubleValue());
            return new LuaValue.Int(b.longValue(), null);
        } catch (NumberFormatException e) {
            throw error("malformed number '" + text + "'");
        }
    }

    private void checkNumberEnd(String text) {
        if (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
            throw error("malformed number near '" + text + src.charAt(pos) + "'");
        }
    }

    private String shortString() {
        char quote = src.charAt(pos++);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            if (eof()) throw error("unfinished string");
            char c = src.charAt(pos++);
            if (c == quote) break;
            if (c == '\n') throw error("unfinished string (a newline inside quotes must be written \\n)");
            if (c != '\\') {
                if (Character.isHighSurrogate(c) && pos < src.length() && Character.isLowSurrogate(src.charAt(pos))) {
                    appendCodePoint(out, Character.toCodePoint(c, src.charAt(pos++)));
                } else {
                    appendUtf8(out, c);
                }
                continue;
            }
            if (eof()) throw error("unfinished string");
            char e = src.charAt(pos++);
            switch (e) {
                case 'a' -> out.write(7);
                case 'b' -> out.write(8);
                case 'f' -> out.write(12);
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(11);
                case '\\' -> out.write('\\');
                case '"' -> out.write('"');
                case '\'' -> out.write('\'');
                case '\n' -> { out.write('\n'); line++; if (pos < src.length() && src.charAt(pos) == '\r') pos++; }
                case '\r' -> { out.write('\n'); line++; if (pos < src.length() && src.charAt(pos) == '\n') pos++; }
                case 'x' -> {
                    if (pos + 2 > src.length() || !isHex(src.charAt(pos)) || !isHex(src.charAt(pos + 1))) throw error("hexadecimal digits expected after \\x");
                    out.write(Integer.parseInt(src.substring(pos, pos + 2), 16));
                    pos += 2;
                }
                case 'z' -> {
                    while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
                        if (src.charAt(pos) == '\n') line++;
                        pos++;
                    }
                }
                case 'u' -> {
                    if (!accept("{")) throw error("missing '{' in \\u{xxxx}");
                    int s = pos;
                    while (pos < src.length() && isHex(src.charAt(pos))) pos++;
                    if (s == pos || !accept("}")) throw error("malformed \\u{xxxx} escape");
                    long cp = Long.parseLong(src.substring(s, pos - 1), 16);
                    if (cp > 0x7FFFFFFFL) throw error("UTF-8 value too large");
                    appendCodePoint(out, cp);
                }
                default -> {
                    if (!Character.isDigit(e)) throw error("invalid escape sequence '\\" + e + "'");
                    int s = pos - 1;
                    while (pos < src.length() && pos - s < 3 && Character.isDigit(src.charAt(pos))) pos++;
                    int v = Integer.parseInt(src.substring(s, pos));
                    if (v > 255) throw error("decimal escape too large");
                    out.write(v);
                }
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** -1 if there is no long bracket at pos, else its level ([[ = 0, [=[ = 1 …). */
    private int longBracketLevel() {
        int p = pos + 1, level = 0;
        while (p < src.length() && src.charAt(p) == '=') { p++; level++; }
        return p < src.length() && src.charAt(p) == '[' ? level : -1;
    }

    private String longString() {
        int level = longBracketLevel();
        pos += level + 2;
        if (src.startsWith("\r\n", pos) || src.startsWith("\n\r", pos)) { pos += 2; line++; }
        else if (peekIs("\n") || peekIs("\r")) { pos++; line++; }
        String close = "]" + "=".repeat(level) + "]";
        int end = src.indexOf(close, pos);
        if (end < 0) throw error("unfinished long string");
        String s = src.substring(pos, end);
        line += (int) s.chars().filter(ch -> ch == '\n').count();
        pos = end + close.length();
        return s;
    }

    private String name() {
        skipSpace();
        if (eof() || !(Character.isLetter(src.charAt(pos)) || src.charAt(pos) == '_')) return null;
        int s = pos;
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) pos++;
        return src.substring(s, pos);
    }

    private boolean keyword(String k) {
        skipSpace();
        if (!src.startsWith(k, pos)) return false;
        int end = pos + k.length();
        if (end < src.length() && (Character.isLetterOrDigit(src.charAt(end)) || src.charAt(end) == '_')) return false;
        pos = end;
        return true;
    }

    private String operator(String[] ops) {
        for (String op : ops) {
            if (!src.startsWith(op, pos)) continue;
            // do not take the first char of a longer operator or a comment
            if (op.equals("/") && src.startsWith("//", pos)) continue;
            if (op.equals("-") && src.startsWith("--", pos)) continue;
            if (op.equals("~") && src.startsWith("~=", pos)) continue;
            if (op.equals("..") && src.startsWith("...", pos)) continue;
            pos += op.length();
            return op;
        }
        return null;
    }

    private void skipSpace() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') { line++; pos++; }
            else if (Character.isWhitespace(c)) pos++;
            else if (src.startsWith("--", pos)) {
                pos += 2;
                if (peekIs("[") && longBracketLevel() >= 0) longString();
                else while (pos < src.length() && src.charAt(pos) != '\n') pos++;
            } else break;
        }
    }

    private boolean accept(String s) {
        if (src.startsWith(s, pos)) { pos += s.length(); return true; }
        return false;
    }

    private void expect(String s) {
        skipSpace();
        if (!accept(s)) throw error("expected '" + s + "'" + (eof() ? " before the end of the file" : " near '" + near() + "'"));
    }

    private boolean peekIs(String s) { return src.startsWith(s, pos); }

    private boolean eof() { return pos >= src.length(); }

    private String near() { return src.substring(pos, Math.min(src.length(), pos + 12)).split("\n")[0]; }

    private static boolean isHex(char c) { return Character.digit(c, 16) >= 0 && c < 128; }

    private static void appendUtf8(ByteArrayOutputStream out, char c) {
        if (Character.isSurrogate(c)) {
            out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        } else {
            appendCodePoint(out, c);
        }
    }

    /** Lua's UTF-8 encoder (accepts up to 2^31-1, like \\u{…}). */
    private static void appendCodePoint(ByteArrayOutputStream out, long cp) {
        if (cp < 0x80) { out.write((int) cp); return; }
        if (cp < 0x800) { out.write((int) (0xC0 | cp >> 6)); out.write((int) (0x80 | cp & 0x3F)); return; }
        if (cp < 0x10000) { out.write((int) (0xE0 | cp >> 12)); out.write((int) (0x80 | cp >> 6 & 0x3F)); out.write((int) (0x80 | cp & 0x3F)); return; }
        out.writeBytes(new String(Character.toChars((int) Math.min(cp, 0x10FFFF))).getBytes(StandardCharsets.UTF_8));
    }

    private CartiException error(String msg) { return error(line, msg); }

    private CartiException error(int atLine, String msg) {
        return new CartiException(CartiException.Kind.INVALID_INPUT, label + ":" + atLine + ": " + msg);
    }
}
