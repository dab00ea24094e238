package io.carti.core.oci;

import com.fasterxml.jackson.databind.JsonNode;
import io.carti.core.CartiException;

/** {@code os/architecture[/variant]}, as in {@code --platform linux/riscv64}. */
public record Platform(String os, String architecture, String variant) {
    public static final Platform RISCV64 = new Platform("linux", "riscv64", null);

    public static Platform parse(String s) {
        String[] p = s.split("/");
        if (p.length < 2 || p.length > 3 || p[0].isBlank() || p[1].isBlank()) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, "invalid platform '" + s + "' (expected os/arch[/variant], e.g. linux/riscv64)");
        }
        return new Platform(p[0], p[1], p.length == 3 ? p[2] : null);
    }

    /** The platform of a descriptor or an image config ({@code os}, {@code architecture}, {@code variant}), or null. */
    public static Platform fromJson(JsonNode n) {
        if (n == null || !n.hasNonNull("architecture")) return null;
        return new Platform(n.path("os").asText(""), n.get("architecture").asText(), n.hasNonNull("variant") ? n.get("variant").asText() : null);
    }

    /** Same os and architecture; the variant only counts when this platform names one. */
    public boolean matches(Platform other) {
        if (other == null) return false;
        return os.equals(other.os) && architecture.equals(other.architecture) && (variant == null || variant.equals(other.variant));
    }

    @Override public String toString() { return os + "/" + architecture + (variant == null ? "" : "/" + variant); }
}
