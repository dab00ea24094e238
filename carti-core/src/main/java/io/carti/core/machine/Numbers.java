package io.carti.core.machine;

import io.carti.core.CartiException;
import java.math.BigInteger;

/** The numbers of packages and configs: strings holding hex ({@code 0x…}) or decimal text, as upstream keeps them. */
public final class Numbers {
    public static final BigInteger PAGE = BigInteger.valueOf(4096);
    public static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private Numbers() {}

    /** The value of {@code text}; a clear error naming {@code what} when it is not a number. */
    public static BigInteger parse(String text, String what) {
        if (text == null) throw new CartiException(CartiException.Kind.INVALID_INPUT, what + " is missing");
        String t = text.trim();
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                if (t.length() == 2) throw new NumberFormatException();
                return new BigInteger(t.substring(2), 16);
            }
            if (t.isEmpty() || !t.chars().allMatch(Character::isDigit)) throw new NumberFormatException();
            return new BigInteger(t);
        } catch (NumberFormatException e) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT,
                    what + " '" + text + "' is not a number (use hexadecimal like 0x100000 or decimal)");
        }
    }

    public static boolean isNumber(String text) {
        try { parse(text, "value"); return true; } catch (CartiException e) { return false; }
    }

    /** Upstream's number form: {@code 0x} + lower-case hex. */
    public static String hex(BigInteger v) { return "0x" + v.toString(16); }

    /** Rounds up to a multiple of 4 KiB (a page). */
    public static BigInteger roundUpToPage(BigInteger v) {
        BigInteger[] qr = v.divideAndRemainder(PAGE);
        return qr[1].signum() == 0 ? v : qr[0].add(BigInteger.ONE).multiply(PAGE);
    }

    public static boolean pageAligned(BigInteger v) { return v.mod(PAGE).signum() == 0; }
}
