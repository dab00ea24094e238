package io.carti.core.transport.s3;

import com.fasterxml.jackson.databind.JsonNode;
import io.carti.core.CartiException;
import io.carti.core.json.Json;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * How to reach an S3 API: endpoint (null = AWS), region, path-style addressing and, optionally, explicit credentials
 * (else the AWS default chain: env, {@code ~/.aws}, instance roles). Sources, strongest first: command-line flags,
 * the environment ({@code AWS_ENDPOINT_URL_S3}, {@code AWS_ENDPOINT_URL}, {@code AWS_REGION},
 * {@code AWS_DEFAULT_REGION}, {@code CARTI_S3_PATH_STYLE}, {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}/
 * {@code AWS_SESSION_TOKEN}, {@code AWS_PROFILE}), then {@code <carti home>/s3.json}, whose top-level
 * {@code endpoint}/{@code region}/{@code pathStyle} may be overridden per bucket under {@code buckets.<name>}.
 * With a custom endpoint, path-style addressing is the default (MinIO, Ceph and s3proxy need it).
 */
public record S3Settings(URI endpoint, String region, Boolean pathStyle, String accessKeyId, String secretAccessKey,
                         String sessionToken, String profile) {

    public static final String CONFIG_FILE = "s3.json";

    public static S3Settings defaults() { return new S3Settings(null, null, null, null, null, null, null); }

    /** Settings for {@code bucket} from the environment and the carti home's {@code s3.json}. */
    public static S3Settings resolve(Map<String, String> env, Path cartiHome, String bucket) {
        S3Settings fromFile = fromConfig(cartiHome == null ? null : cartiHome.resolve(CONFIG_FILE), bucket);
        S3Settings fromEnv = new S3Settings(
                uri(first(env, "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"), "AWS_ENDPOINT_URL"),
                first(env, "AWS_REGION", "AWS_DEFAULT_REGION"),
                bool(env.get("CARTI_S3_PATH_STYLE"), "CARTI_S3_PATH_STYLE"),
                first(env, "AWS_ACCESS_KEY_ID"), first(env, "AWS_SECRET_ACCESS_KEY"), first(env, "AWS_SESSION_TOKEN"),
                first(env, "AWS_PROFILE"));
        return fromEnv.over(fromFile);
    }

    /** These settings where set, else {@code weaker}'s. */
    public S3Settings over(S3Settings weaker) {
        boolean ownKeys = accessKeyId != null && secretAccessKey != null;
        return new S3Settings(endpoint != null ? endpoint : weaker.endpoint, region != null ? region : weaker.region,
                pathStyle != null ? pathStyle : weaker.pathStyle,
                ownKeys ? accessKeyId : weaker.accessKeyId, ownKeys ? secretAccessKey : weaker.secretAccessKey,
                ownKeys ? sessionToken : weaker.sessionToken, profile != null ? profile : weaker.profile);
    }

    public S3Settings withEndpoint(String e) { return e == null ? this : new S3Settings(uri(e, "--endpoint"), region, pathStyle, accessKeyId, secretAccessKey, sessionToken, profile); }

    public S3Settings withRegion(String r) { return r == null ? this : new S3Settings(endpoint, r, pathStyle, accessKeyId, secretAccessKey, sessionToken, profile); }

    public S3Settings withPathStyle(Boolean p) { return p == null ? this : new S3Settings(endpoint, region, p, accessKeyId, secretAccessKey, sessionToken, profile); }

    public S3Settings withProfile(String p) { return p == null ? this : new S3Settings(endpoint, region, pathStyle, accessKeyId, secretAccessKey, sessionToken, p); }

    /** Path-style addressing: as set, else on for custom endpoints and off for AWS. */
    public boolean effectivePathStyle() { return pathStyle != null ? pathStyle : endpoint != null; }

    /** Names the server in messages. */
    public String describeEndpoint() { return endpoint != null ? endpoint.toString() : "AWS S3" + (region != null ? " (" + region + ")" : ""); }

    private static S3Settings fromConfig(Path file, String bucket) {
        JsonNode root = file == null ? null : Json.readIfExists(file);
        if (root == null) return defaults();
        if (!root.isObject()) throw new CartiException(CartiException.Kind.INVALID_INPUT, file + ": expected a JSON object");
        S3Settings top = fromNode(root, file);
        JsonNode per = bucket == null ? null : root.path("buckets").get(bucket);
        return per != null && per.isObject() ? fromNode(per, file).over(top) : top;
    }

    private static S3Settings fromNode(JsonNode n, Path file) {
        String ps = n.hasNonNull("pathStyle") ? n.get("pathStyle").asText() : null;
        return new S3Settings(uri(text(n, "endpoint"), file + " endpoint"), text(n, "region"), bool(ps, file + " pathStyle"),
                null, null, null, text(n, "profile"));
    }

    private static String text(JsonNode n, String k) { return n.hasNonNull(k) ? n.get(k).asText() : null; }

    private static String first(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) return v.trim();
        }
        return null;
    }

    private static Boolean bool(String v, String what) {
        if (v == null || v.isBlank()) return null;
        return switch (v.trim().toLowerCase()) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new CartiException(CartiException.Kind.INVALID_INPUT, what + ": expected true or false, got '" + v + "'");
        };
    }

    private static URI uri(String v, String what) {
        if (v == null || v.isBlank()) return null;
        try {
            URI u = URI.create(v.trim());
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, what + ": invalid S3 endpoint '" + v + "' (expected e.g. http://127.0.0.1:9000)");
        }
    }
}
