package io.carti.core.oci;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A registry user name and password (or token used as password). */
public record Credential(String username, String password) {
    public String basicHeader() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a docker config {@code auth} value (base64 of {@code user:password}). */
    public static Credential fromAuth(String auth) {
        String s = new String(Base64.getMimeDecoder().decode(auth), StandardCharsets.UTF_8);
        int i = s.indexOf(':');
        return i < 0 ? null : new Credential(s.substring(0, i), s.substring(i + 1));
    }

    public String toAuth() {
        return Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override public String toString() { return "Credential[" + username + ", ***]"; }
}
