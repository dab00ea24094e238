package io.carti.core.listing;

import com.fasterxml.jackson.databind.JsonNode;
import io.carti.core.CartiException;
import java.nio.file.Path;
import java.util.List;

/** Checks a bundles.json document against the listing schema (§4.1) before carti reads or writes it. */
final class ListingValidation {
    private static final List<String> REQUIRED = List.of("bundleType", "name", "version", "fileName", "id");

    private ListingValidation() {}

    static void requireValid(JsonNode root, Path file) {
        JsonNode arr = root.get("bundles");
        if (arr == null) return;
        for (int i = 0; i < arr.size(); i++) {
            JsonNode e = arr.get(i);
            String where = file + ": /bundles/" + i;
            if (!e.isObject()) throw invalid(where, "is not an object");
            for (String k : REQUIRED) {
                if (!e.hasNonNull(k)) throw invalid(where, "has no \"" + k + "\"");
                if (!e.get(k).isTextual()) throw invalid(where + "/" + k, "is not a string");
            }
        }
    }

    private static CartiException invalid(String where, String why) {
        return new CartiException(CartiException.Kind.INVALID_INPUT,
                where + " " + why + " (carti will not overwrite the listing; fix or remove the file)");
    }
}
