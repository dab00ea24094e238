package io.carti.core.listing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.json.Json;
import io.carti.core.store.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A project's publishable listing {@code ./bundles.json} ({@code {"bundles":[Bundle…]}}, §5.3).
 * Unlike upstream (B12) a corrupt file is an error and is never replaced, and publishing a CID that is already
 * listed with another uri updates that entry in place. Writes are atomic, in upstream's format (2-space JSON, no
 * trailing newline, upstream key order per entry); other root keys are kept.
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
        ObjectNode root = readRoot();
        List<Bundle> out = new ArrayList<>();
        JsonNode arr = root.get("bundles");
        if (arr != null) arr.forEach(n -> out.add(Bundle.fromJson(n)));
        return out;
    }

    /**
     * Lists {@code entry}: appended when its id is new; when the id is listed already, that entry is replaced in place
     * if anything differs (typically the uri), else the file is left untouched.
     */
    public Outcome add(Bundle entry) {
        ObjectNode root = readRoot();
        ArrayNode arr = root.has("bundles") ? (ArrayNode) root.get("bundles") : Json.array();
        ObjectNode json = entry.toJson();
        for (int i = 0; i < arr.size(); i++) {
            Bundle existing = Bundle.fromJson(arr.get(i));
            if (entry.id().equals(existing.id())) {
                if (arr.get(i).equals(json)) return new Outcome(Change.UNCHANGED, existing);
                arr.set(i, json);
                write(root, arr);
                return new Outcome(Change.UPDATED, existing);
            }
        }
        arr.add(json);
        write(root, arr);
        return new Outcome(Change.ADDED, null);
    }

    private void write(ObjectNode root, ArrayNode arr) {
        root.set("bundles", arr);
        ListingValidation.requireValid(root, file);
        AtomicFiles.writeString(file, Json.pretty(root));
    }

    /** The root object (empty when the file is missing). Anything else than a listing is refused, never replaced. */
    private ObjectNode readRoot() {
        JsonNode n;
        try {
            n = Json.readIfExists(file);
        } catch (CartiException e) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT,
                    e.getMessage() + " (carti will not overwrite it; fix or remove the file)");
        }
        if (n == null) return Json.object();
        if (!n.isObject()) throw corrupt("the document is not a JSON object");
        JsonNode arr = n.get("bundles");
        if (arr != null && !arr.isArray()) throw corrupt("\"bundles\" is not an array");
        ListingValidation.requireValid(n, file);
        return (ObjectNode) n;
    }

    private CartiException corrupt(String why) {
        return new CartiException(CartiException.Kind.INVALID_INPUT,
                file + ": not a bundle listing: " + why + " (carti will not overwrite it; fix or remove the file)");
    }
}
