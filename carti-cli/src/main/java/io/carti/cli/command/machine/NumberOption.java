package io.carti.cli.command.machine;

import io.carti.core.machine.Numbers;

/** Numbers given on the command line: hex text is kept as typed (upstream stored it verbatim); decimal becomes hex. */
final class NumberOption {
    private NumberOption() {}

    static String normalize(String text, String what) {
        if (text == null) return null;
        String t = text.trim();
        if (t.startsWith("0x") || t.startsWith("0X")) {
            Numbers.parse(t, what);
            return t;
        }
        return Numbers.hex(Numbers.parse(t, what));
    }
}
