package io.carti.core.repo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A stable directory name for a repo URL in the git cache: a readable tail plus a short hash. */
final class CacheNames {
    private CacheNames() {}

    static String of(String url) {
        String tail = url.replaceAll("[#?].*$", "").replaceAll("/+$", "").replaceAll("\\.git$", "");
        tail = tail.substring(tail.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        if (tail.isEmpty() || tail.startsWith(".")) tail = "repo";
        if (tail.length() > 40) tail = tail.substring(0, 40);
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return tail + "-" + HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
