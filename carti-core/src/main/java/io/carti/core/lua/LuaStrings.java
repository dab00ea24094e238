package io.carti.core.lua;

import java.nio.charset.StandardCharsets;

/**
 * Lua string literals that read back exactly (B22: upstream HTML-escaped some fields and escaped nothing in
 * others, so a {@code "} or {@code \} in boot args broke the config). Printable ASCII and UTF-8 text are kept
 * as they are; quotes, backslashes and control bytes are escaped, the latter as three-digit {@code \ddd} so a
 * following digit cannot change their meaning.
 */
public final class LuaStrings {
    private LuaStrings() {}

    /** {@code s} as a double-quoted Lua literal (its UTF-8 bytes). */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) sb.append(String.format("\\%03d", (int) c));
                    else if (Character.isSurrogate(c) && !validSurrogatePair(s, i)) {
                        // an unpaired surrogate has no UTF-8 form; keep its replacement bytes explicit
                        for (byte b : "\uFFFD".getBytes(StandardCharsets.UTF_8)) sb.append(String.format("\\%03d", b & 0xff));
                    } else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    private static boolean validSurrogatePair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
