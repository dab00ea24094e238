package io.carti.core.listing;

import com.fasterxml.jackson.databind.JsonNode;
import io.carti.core.CartiException;
import io.carti.core.bundle.BundleType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The bundle-listing schema (§4.1) with the B4 fixes: {@code bundleType} is a real enum. Every problem is
 * reported at once, each with its JSON pointer, in one error line naming the document.
 */
final class ListingValidator {
    private static final List<String> REQUIRED = List.of("bundleType", "name", "fileName", "id", "version");
    private static final Set<String> ALLOWED = Set.of("bundleType", "name", "fileName", "id", "version", "uri", "deps");

    private ListingValidator() {}

    static void check(JsonNode root, String label) {
        List<String> errors = errors(root);
        if (!errors.isEmpty()) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT,
                    label + ": invalid listing: " + String.join("; ", errors));
        }
    }

    static List<String> errors(JsonNode root) {
        List<String> errors = new ArrayList<>();
        if (!root.isObject()) {
            errors.add("/: must be an object");
            return errors;
        }
        JsonNode bundles = root.get("bundles");
        if (bundles == null) return errors;
        if (!bundles.isArray()) {
            errors.add("/bundles: must be an array");
            return errors;
        }
        for (int i = 0; i < bundles.size(); i++) entry(bundles.get(i), "/bundles/" + i, errors);
        return errors;
    }

    private static void entry(JsonNode b, String at, List<String> errors) {
        if (!b.isObject()) {
            errors.add(at + ": must be an object");
            return;
        }
        for (String k : REQUIRED) {
            if (!b.has(k)) errors.add(at + ": required property '" + k + "' is missing");
        }
        for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            JsonNode v = b.get(k);
            if (!ALLOWED.contains(k)) errors.add(at + ": property '" + k + "' is not allowed");
            else if (k.equals("deps")) deps(v, at + "/deps", errors);
            else if (!v.isTextual()) errors.add(at + "/" + k + ": must be a string");
        }
        JsonNode type = b.get("bundleType");
        if (type != null && type.isTextual() && !isType(type.asText())) {
            errors.add(at + "/bundleType: '" + type.asText() + "' is not one of ram, rom, flashdrive, raw");
        }
    }

    private static void deps(JsonNode v, String at, List<String> errors) {
        if (!v.isArray()) {
            errors.add(at + ": must be an array");
            return;
        }
        for (int i = 0; i < v.size(); i++) if (!v.get(i).isTextual()) errors.add(at + "/" + i + ": must be a string");
    }

    private static boolean isType(String s) {
        for (BundleType t : BundleType.values()) if (t.json().equals(s)) return true;
        return false;
    }
}
