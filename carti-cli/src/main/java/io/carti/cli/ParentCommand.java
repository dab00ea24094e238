package io.carti.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A command with subcommands. {@link Main} registers them itself instead of picocli's
 * {@code @Command(subcommands = ...)}, so that a run which names a subcommand builds the picocli model of that one
 * only (reading picocli's annotations is most of carti's start-up); help, completion and mistyped names get all.
 */
public interface ParentCommand {
    /** Subcommand name to class, in the order help lists them; each name is the class's {@code @Command(name)}. */
    Map<String, Class<?>> subcommands();

    /** An ordered, unmodifiable table from alternating names and classes. */
    static Map<String, Class<?>> table(Object... namesAndClasses) {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndClasses.length; i += 2) m.put((String) namesAndClasses[i], (Class<?>) namesAndClasses[i + 1]);
        return Collections.unmodifiableMap(m);
    }
}
