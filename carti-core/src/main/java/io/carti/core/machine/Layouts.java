package io.carti.core.machine;

import java.math.BigInteger;

/** Default drive addresses by emulator era (ecosystem notes §1.4). */
public final class Layouts {
    /** ≤0.11: drive i at 1&lt;&lt;63 + i&lt;&lt;60. */
    public static final BigInteger START_07 = BigInteger.ONE.shiftLeft(63);
    public static final BigInteger STEP_07 = BigInteger.ONE.shiftLeft(60);
    /** 0.12+: drive i at 1&lt;&lt;55 + i&lt;&lt;52 (physical addresses are limited to 56 bits). */
    public static final BigInteger START_019 = BigInteger.ONE.shiftLeft(55);
    public static final BigInteger STEP_019 = BigInteger.ONE.shiftLeft(52);

    private Layouts() {}

    /**
     * A package start as the 0.19 target places it: a start in upstream's default slots
     * (1&lt;&lt;63 + k&lt;&lt;60) moves to the same slot of the 56-bit layout (1&lt;&lt;55 + k&lt;&lt;52);
     * any other explicit start is kept.
     */
    public static BigInteger start019(BigInteger start07) {
        BigInteger off = start07.subtract(START_07);
        if (off.signum() >= 0) {
            BigInteger[] qr = off.divideAndRemainder(STEP_07);
            if (qr[1].signum() == 0 && qr[0].compareTo(BigInteger.valueOf(8)) < 0) return START_019.add(qr[0].multiply(STEP_019));
        }
        return start07;
    }
}
