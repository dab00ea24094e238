package io.carti.cli.command.machine;

import io.carti.cli.Console;
import io.carti.core.bundle.Bundle;

/** The command's part wins over the bundle's own type (as upstream); say so when they differ. */
final class Kinds {
    private Kinds() {}

    static void warnIfOtherType(Console console, Bundle b, String asType) {
        if (b.bundleType() != null && !b.bundleType().equals(asType)) {
            console.warn("bundle " + b.name() + " is a " + b.bundleType() + " bundle; adding it as " + asType);
        }
    }
}
