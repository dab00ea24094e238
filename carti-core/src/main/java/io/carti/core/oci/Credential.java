package io.carti.core.oci;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A registry user name and password (or token used as password). The user name {@code <token>} marks an identity
 * (refresh) token, as Docker's credential helpers and {@code identitytoken} entries hand them out: it is traded for
 * an access token with an OAuth2 {@code refresh_token} grant instead of being sent as Basic credentials.
 */
public record Credential(String username, String password) {
    public static final String IDENTITY_TOKEN_USER = "<token>";

    public static Credential identityToken(String token) { return new Credential(IDENTITY_TOKEN_USER, token); }

    public boolean isIdentityToken() { return IDENTITY_TOKEN_USER.equals(username); }

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
