package io.carti.core.oci;

import io.carti.core.CartiException;
import java.util.regex.Pattern;

/**
 * A registry reference {@code host[:port]/repo[:tag][@digest]} (distribution reference grammar, simplified).
 * A name without a host means Docker Hub: {@code alpine} → {@code registry-1.docker.io/library/alpine:latest}.
 */
public record Reference(String registry, String repository, String tag, Digest digest) {
    public static final String DOCKER_HUB = "registry-1.docker.io";
    private static final Pattern REPO = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    public static Reference parse(String s) {
        String in = s.startsWith("oci://") ? s.substring(6) : s;
        Digest digest = null;
        int at = in.indexOf('@');
        if (at >= 0) {
            digest = Digest.parse(in.substring(at + 1));
            in = in.substring(0, at);
        }
        String registry;
        String rest;
        int slash = in.indexOf('/');
        String first = slash < 0 ? "" : in.substring(0, slash);
        if (slash > 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"))) {
            registry = first;
            rest = in.substring(slash + 1);
        } else {
            registry = DOCKER_HUB;
            rest = in.contains("/") ? in : "library/" + in;
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) throw invalid(s, "invalid tag '" + tag + "'");
        }
        if (!REPO.matcher(rest).matches()) throw invalid(s, "invalid repository name '" + rest + "'");
        if (tag == null && digest == null) tag = "latest";
        return new Reference(registry, rest, tag, digest);
    }

    /** Whether a source string looks like a registry reference rather than a file. */
    public static boolean looksLikeReference(String s) {
        if (s.startsWith("oci://")) return true;
        // what people type for files: a missing ./app.tar is a missing file, not a Docker Hub image
        if (s.startsWith("/") || s.startsWith("./") || s.startsWith("../") || s.startsWith("~")
                || s.matches(".*\\.(tar|tar\\.gz|tgz)(:[^/]*)?")) return false;
        try {
            Reference r = parse(s);
            return !r.registry().equals(DOCKER_HUB) || s.indexOf('/') < 0 || s.contains(":") || s.contains("@");
        } catch (CartiException e) {
            return false;
        }
    }

    /** What to ask the registry for: the digest when there is one, else the tag. */
    public String reference() { return digest != null ? digest.toString() : tag; }

    public Reference withDigest(Digest d) { return new Reference(registry, repository, null, d); }

    /** {@code host/repo@sha256:…}, as stored in listings after {@code oci://}. */
    public String pinned() { return registry + "/" + repository + "@" + digest; }

    @Override public String toString() {
        return registry + "/" + repository + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    private static CartiException invalid(String s, String why) {
        return new CartiException(CartiException.Kind.INVALID_INPUT, "invalid image reference '" + s + "': " + why);
    }
}
