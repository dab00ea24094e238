package io.carti.core.bundle;

import io.carti.core.CartiException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The four bundle types of the listing schema (B4: checked, not a broken regex). */
public enum BundleType {
    RAM("ram"), ROM("rom"), FLASHDRIVE("flashdrive"), RAW("raw");

    private final String json;

    BundleType(String json) { this.json = json; }

    public String json() { return json; }

    public static BundleType parse(String s) {
        for (BundleType t : values()) if (t.json.equals(s)) return t;
        throw new CartiException(CartiException.Kind.INVALID_INPUT, "unknown bundle type '" + s + "' (expected one of "
                + Arrays.stream(values()).map(BundleType::json).collect(Collectors.joining(", ")) + ")");
    }

    @Override public String toString() { return json; }
}
