package io.carti.cli.command.compose;

import io.carti.core.CartiException;
import java.util.Locale;

/** Sizes on the command line: bytes, {@code 0x…} hex, or a number with K/M/G/T (binary: 1024-based, Ki/KiB also accepted). */
public final class ByteSize {
    private ByteSize() {}

    public static long parse(String text) {
        String s = text.trim();
        try {
            if (s.toLowerCase(Locale.ROOT).startsWith("0x")) return Long.parseLong(s.substring(2), 16);
            String upper = s.toUpperCase(Locale.ROOT).replaceAll("I?B$", "").replaceAll("I$", "");
            int shift = 0;
            if (!upper.isEmpty()) {
                switch (upper.charAt(upper.length() - 1)) {
                    case 'K' -> shift = 10;
                    case 'M' -> shift = 20;
                    case 'G' -> shift = 30;
                    case 'T' -> shift = 40;
                    default -> shift = 0;
                }
            }
            String digits = shift == 0 ? upper : upper.substring(0, upper.length() - 1);
            long v = Long.parseLong(digits.trim());
            if (v < 0 || (shift > 0 && v > (Long.MAX_VALUE >> shift))) throw new NumberFormatException();
            return v << shift;
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, "invalid size '" + text + "' (expected bytes, 0x hex, or a number with K, M, G or T)");
        }
    }
}
