package io.carti.core.machine;

import io.carti.core.CartiException;

/** The emulator generation a config is rendered for. */
public enum Target {
    /** Cartesi emulator 0.5–0.7 (2020): ROM bootargs with mtdparts, drives at 1&lt;&lt;63 + i&lt;&lt;60. Upstream's format. */
    V0_7("0.7"),
    /** Cartesi emulator 0.16–0.19 (DTB era): dtb.bootargs/init/entrypoint, PMEM drives, 56-bit drive starts. */
    V0_19("0.19");

    private final String text;

    Target(String text) { this.text = text; }

    public String text() { return text; }

    public static Target parse(String s) {
        for (Target t : values()) if (t.text.equals(s)) return t;
        throw new CartiException(CartiException.Kind.INVALID_INPUT, "unknown target '" + s + "' (expected 0.7 or 0.19)");
    }

    @Override public String toString() { return text; }
}
