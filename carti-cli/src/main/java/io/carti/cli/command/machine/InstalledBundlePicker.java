package io.carti.cli.command.machine;

import io.carti.cli.Console;
import io.carti.cli.Picker;
import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.cid.Cid;
import io.carti.core.store.Layout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds the bundle {@code machine add} names: local installed index, then global (§3.9), through the picker. */
final class InstalledBundlePicker {
    static final String QUESTION = "Which bundle would you like to add to your cartesi machine build";
    private final Layout layout;
    private final Console console;

    InstalledBundlePicker(Layout layout, Console console) {
        this.layout = layout;
        this.console = console;
    }

    /** The chosen bundle; B18: an unknown name is an error (upstream wrote a cid-less entry). */
    Bundle pick(String name, boolean yes) {
        List<Bundle> candidates = new ArrayList<>(layout.localIndex().byName(name));
        candidates.addAll(layout.globalIndex().byName(name));
        if (candidates.isEmpty()) {
            throw new CartiException(CartiException.Kind.NOT_FOUND, "no installed bundle named '" + name
                    + "' (bundle a file with 'carti bundle' or install one with 'carti install " + name + "'; 'carti list' shows what is installed)");
        }
        Bundle b = new Picker(console).pick(QUESTION, candidates, yes, c -> c.describe("installed"));
        b.cid(); // a clear error when the index holds an invalid id
        return b;
    }

    /** The bundle's file: the local store copy if there is one, else the global one. */
    Optional<Path> file(Bundle b) {
        Cid cid = b.cid();
        Optional<Path> local = layout.localStore().file(cid);
        return local.isPresent() ? local : layout.globalStore().file(cid);
    }

    long size(Bundle b) {
        Path f = file(b).orElseThrow(() -> new CartiException(CartiException.Kind.NOT_FOUND, "bundle " + b.name() + " (" + b.id()
                + ") is indexed but its file is missing from the local and global stores; give the drive a --length or reinstall it"));
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new CartiException("cannot read the size of " + f + ": " + e.getMessage(), e);
        }
    }
}
