package io.carti.core.store;

import io.carti.core.CartiException;

/** Downloaded or copied bytes do not hash to the CID they were published under (B2). */
public final class IntegrityException extends CartiException {
    private final String expected;
    private final String actual;

    public IntegrityException(String what, String source, String expected, String actual, long bytes) {
        super(Kind.INTEGRITY, "CID mismatch for " + what + " from " + source + ": expected " + expected
                + ", got " + actual + " (" + bytes + " bytes); the download was discarded");
        this.expected = expected;
        this.actual = actual;
    }

    public String expected() { return expected; }

    public String actual() { return actual; }
}
