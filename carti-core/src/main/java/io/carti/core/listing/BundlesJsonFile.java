package io.carti.core.listing;

import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A project's publishable listing {@code ./bundles.json} ({@code {"bundles":[Bundle…]}}, §5.3), read and written
 * through {@link Listing} (schema-checked; upstream's format and per-entry key order). Unlike upstream (B12) a
 * corrupt or invalid file is an error and is never replaced, and publishing a CID that is already listed with another
 * uri updates that entry in place. Writes are atomic.
 */
public final class BundlesJsonFile {
    private final Path file;

    public BundlesJsonFile(Path file) { this.file = file.toAbsolutePath().normalize(); }

    public Path file() { return file; }

    /** What {@link #add} did to the file. */
    public enum Change { ADDED, UPDATED, UNCHANGED }

    /** The outcome of {@link #add}: the change and, for an update, the entry it replaced. */
    public record Outcome(Change change, Bundle previous) {}

    /** The listed bundles; empty when the file does not exist. A file that is not a valid listing is an error. */
    public List<Bundle> bundles() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new ArrayList<>();
        } catch (IOException e) {
            throw new CartiException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return new ArrayList<>(Listing.parse(text, file.toString()));
        } catch (CartiException e) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT,
                    e.getMessage() + " (carti will not overwrite it; fix or remove the file)", e);
        }
    }

    /**
     * Lists {@code entry}: appended when its id is new; when the id is listed already, that entry is replaced in place
     * if anything differs (typically the uri), else the file is left untouched.
     */
    public Outcome add(Bundle entry) {
        List<Bundle> bundles = bundles();
        for (int i = 0; i < bundles.size(); i++) {
            Bundle existing = bundles.get(i);
            if (entry.id().equals(existing.id())) {
                if (existing.equals(entry)) return new Outcome(Change.UNCHANGED, existing);
                bundles.set(i, entry);
                Listing.write(file, bundles);
                return new Outcome(Change.UPDATED, existing);
            }
        }
        bundles.add(entry);
        Listing.write(file, bundles);
        return new Outcome(Change.ADDED, null);
    }
}
