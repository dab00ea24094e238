package io.carti.core.oci;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed {@code WWW-Authenticate} header: {@code Bearer realm="…",service="…",scope="…"} or {@code Basic realm="…"}. */
record AuthChallenge(String scheme, Map<String, String> params) {
    private static final Pattern PARAM = Pattern.compile("([A-Za-z_]+)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^,\\s]*))");

    static AuthChallenge parse(String header) {
        if (header == null || header.isBlank()) return null;
        String h = header.trim();
        int sp = h.indexOf(' ');
        String scheme = (sp < 0 ? h : h.substring(0, sp)).toLowerCase();
        Map<String, String> params = new LinkedHashMap<>();
        if (sp > 0) {
            Matcher m = PARAM.matcher(h.substring(sp + 1));
            while (m.find()) params.put(m.group(1).toLowerCase(), m.group(2) != null ? m.group(2).replaceAll("\\\\(.)", "$1") : m.group(3));
        }
        return new AuthChallenge(scheme, params);
    }

    boolean isBearer() { return scheme.equals("bearer"); }

    boolean isBasic() { return scheme.equals("basic"); }
}
