package io.carti.core.listing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.json.Json;
import io.carti.core.schema.SchemaValidator;
import io.carti.core.store.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code bundles.json} document ({@code {"bundles": [Bundle, …]}}, §4.1): parsed and validated into bundles,
 * and written back the way upstream writes it (2-space pretty JSON, no trailing newline). A listing that breaks
 * {@code schemas/bundles.schema.json} is rejected with every violation found, so a cache never replaces a good copy
 * with a broken one (B12).
 */
public final class Listing {
    private Listing() {}

    /** A bundle id (or dep) that is not a carti CID: the one schema rule a project's own bundles.json may break. */
    private static final Pattern ID_ERROR = Pattern.compile("^.*: /bundles/\\d+/(id|deps/\\d+): is not a carti CID.*$");

    /**
     * Parses and validates listing text. {@code label} names the document in errors (a file path or a repo uri).
     * A document without {@code bundles} is an empty listing (upstream returned undefined for it). Ids that are not
     * CIDs are tolerated here, as upstream did (its own sample listing has them); such an entry cannot be installed.
     */
    public static List<Bundle> parse(String text, String label) {
        return parse(text, label, false);
    }

    /** {@link #parse} plus every id checked as a carti CID: what a repo listing must satisfy to be cached. */
    public static List<Bundle> parseStrict(String text, String label) {
        return parse(text, label, true);
    }

    private static List<Bundle> parse(String text, String label, boolean strictIds) {
        JsonNode root = Json.parse(text, label);
        List<String> errors = errors(root, label, strictIds);
        if (!errors.isEmpty()) throw new CartiException(CartiException.Kind.INVALID_INPUT, String.join("\n", errors));
        List<Bundle> out = new ArrayList<>();
        JsonNode bundles = root.get("bundles");
        if (bundles != null) for (JsonNode b : bundles) out.add(Bundle.fromJson(b));
        return out;
    }

    /**
     * The schema violations of the document {@code bundles} is written as, with {@link #parse}'s tolerance for ids:
     * checked before a listing is written, so carti never writes a file it would refuse to read.
     */
    public static List<String> problems(List<Bundle> bundles, String label) {
        return errors(toJson(bundles), label, false);
    }

    private static List<String> errors(JsonNode root, String label, boolean strictIds) {
        return SchemaValidator.errors(SchemaValidator.Schema.BUNDLES, root, label).stream()
                .filter(e -> strictIds || !ID_ERROR.matcher(e).matches()).toList();
    }

    /** Reads a listing file; a missing file is an error naming it. */
    public static List<Bundle> read(Path file) {
        return parse(readText(file), file.toString());
    }

    /** Reads a repo's listing file, ids checked ({@link #parseStrict}). */
    public static List<Bundle> readStrict(Path file) {
        return parseStrict(readText(file), file.toString());
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CartiException(CartiException.Kind.NOT_FOUND, "no listing at " + file);
        } catch (IOException e) {
            throw new CartiException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The document for {@code bundles}: {@code {"bundles":[…]}}. */
    public static ObjectNode toJson(List<Bundle> bundles) {
        ObjectNode root = Json.object();
        ArrayNode a = root.putArray("bundles");
        bundles.forEach(b -> a.add(b.toJson()));
        return root;
    }

    /** Upstream's text for a listing: {@code JSON.stringify(doc, null, 2)}, no trailing newline. */
    public static String serialize(List<Bundle> bundles) {
        return Json.pretty(toJson(bundles));
    }

    /** Writes a listing file atomically. */
    public static void write(Path file, List<Bundle> bundles) {
        AtomicFiles.writeString(file, serialize(bundles));
    }
}
