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

    /** The listing as {@link #add} would write it, and what that changes. */
    public record Plan(List<Bundle> bundles, Outcome outcome) {}

    /**
     * What listing {@code entry} would do, without writing anything: appended when its id is new; when the id is
     * listed already, that entry is replaced in place if anything differs (typically the uri), else nothing changes.
     * Fails when the file is not a valid listing, or when the result would not be one (an entry from a hand-edited
     * local index, say), so a publish can check this before it uploads anything.
     */
    public Plan plan(Bundle entry) {
        List<Bundle> bundles = bundles();
        Outcome outcome = new Outcome(Change.ADDED, null);
        int at = -1;
        for (int i = 0; i < bundles.size() && at < 0; i++) if (entry.id().equals(bundles.get(i).id())) at = i;
        if (at < 0) {
            bundles.add(entry);
        } else {
            Bundle existing = bundles.get(at);
            if (existing.equals(entry)) return new Plan(bundles, new Outcome(Change.UNCHANGED, existing));
            bundles.set(at, entry);
            outcome = new Outcome(Change.UPDATED, existing);
        }
        List<String> problems = Listing.problems(bundles, file.toString());
        if (!problems.isEmpty()) {
            // one line per violation, as for a listing that is read
            throw new CartiException(CartiException.Kind.INVALID_INPUT, String.join("\n", problems) + "\nthese are in the entry for "
                    + entry.name() + " " + entry.version() + ", from the local index; carti writes only valid listings");
        }
        return new Plan(bundles, outcome);
    }

    /** Lists {@code entry} as {@link #plan} says, writing the file atomically when something changes. */
    public Outcome add(Bundle entry) {
        Plan plan = plan(entry);
        if (plan.outcome().change() != Change.UNCHANGED) Listing.write(file, plan.bundles());
        return plan.outcome();
    }
}
