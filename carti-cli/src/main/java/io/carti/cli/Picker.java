package io.carti.cli;

import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;

/**
 * Upstream's bundle picker. {@code -y} takes the first candidate; a single candidate needs no question (B26).
 * Otherwise the numbered choices go to stderr and one line is read from stdin: a number, or empty for the first
 * choice (what upstream's tests pipe in). End of input fails with the candidates and a hint, so a CI job never
 * hangs on a prompt.
 */
public final class Picker {
    private final Console console;

    public Picker(Console console) { this.console = console; }

    public Bundle pick(String question, List<Bundle> candidates, boolean yes, Function<Bundle, String> describe) {
        if (candidates.isEmpty()) throw new CartiException(CartiException.Kind.NOT_FOUND, "Could not find matching bundles");
        if (yes || candidates.size() == 1) return candidates.get(0);
        var err = console.err();
        err.print("? " + question + "\n");
        for (int i = 0; i < candidates.size(); i++) {
            err.print("  " + (i + 1) + ") " + describe.apply(candidates.get(i)) + "\n");
        }
        while (true) {
            err.print("Choose 1-" + candidates.size() + " [1]: ");
            err.flush();
            String line;
            try {
                line = console.in().readLine();
            } catch (IOException e) {
                line = null;
            }
            if (line == null) {
                StringBuilder sb = new StringBuilder("several bundles match and no choice was given on stdin: ");
                for (int i = 0; i < candidates.size(); i++) sb.append(i > 0 ? ", " : "").append(describe.apply(candidates.get(i)));
                sb.append(" (use -y to take the first)");
                err.print("\n");
                throw new CartiException(CartiException.Kind.INVALID_INPUT, sb.toString());
            }
            line = line.trim();
            if (line.isEmpty()) return candidates.get(0);
            try {
                int n = Integer.parseInt(line);
                if (n >= 1 && n <= candidates.size()) return candidates.get(n - 1);
            } catch (NumberFormatException ignored) { /* ask again */ }
            if (!console.interactive()) {
                throw new CartiException(CartiException.Kind.INVALID_INPUT, "invalid choice '" + line + "' (expected 1-" + candidates.size() + ")");
            }
            err.print("please enter a number between 1 and " + candidates.size() + "\n");
        }
    }
}
