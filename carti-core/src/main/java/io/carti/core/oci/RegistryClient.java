package io.carti.core.oci;

import com.fasterxml.jackson.databind.JsonNode;
import io.carti.core.CartiException;
import io.carti.core.CartiException.Kind;
import io.carti.core.json.Json;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A small OCI distribution-spec client for one registry host (ecosystem §3.7): manifests and blobs, pull and
 * push, anonymous / Basic / Bearer-token auth. Redirects are followed by hand so that Authorization is never
 * sent to another host (blob downloads often 307 to S3 or a CDN). Every manifest and blob read is verified.
 */
public final class RegistryClient {
    private static final int MAX_REDIRECTS = 8;
    private final String host;
    private final String base;
    private final OkHttpClient http;
    private final Optional<Credential> credential;
    /** scope → "Bearer …" (or the Basic header when the registry asked for Basic) */
    private final Map<String, String> authorization = new HashMap<>();

    public RegistryClient(String host, boolean plainHttp, Optional<Credential> credential) {
        this(host, plainHttp, credential, defaultHttp());
    }

    public RegistryClient(String host, boolean plainHttp, Optional<Credential> credential, OkHttpClient http) {
        this.host = host;
        this.base = (plainHttp || isLocal(host) ? "http://" : "https://") + host;
        this.credential = credential;
        this.http = http;
    }

    static OkHttpClient defaultHttp() {
        return new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(30)).readTimeout(Duration.ofSeconds(120))
                .followRedirects(false).followSslRedirects(false).build();
    }

    /** localhost and loopback addresses speak plain http unless told otherwise (as docker and oras do). */
    public static boolean isLocal(String host) {
        String h = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.replaceAll(":\\d+$", "");
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]");
    }

    public String host() { return host; }

    /** A manifest or index as served: bytes (verified), its media type and digest. */
    public record Manifest(byte[] bytes, String mediaType, Digest digest) {}

    /** {@code GET /v2/} with credentials, as {@code carti login} checks them. */
    public void ping() {
        try (Response r = send(new Request.Builder().url(base + "/v2/"), "", "GET /v2/ on " + host)) {
            if (!r.isSuccessful()) throw failure(r, "registry " + host);
        } catch (IOException e) {
            throw network("registry " + host, e);
        }
    }

    public Manifest manifest(String repo, String reference) {
        String what = "manifest " + repo + ":" + reference + " on " + host;
        Request.Builder rb = new Request.Builder().url(base + "/v2/" + repo + "/manifests/" + reference).header("Accept", MediaTypes.MANIFEST_ACCEPT);
        try (Response r = send(rb, pull(repo), what)) {
            if (r.code() == 404) throw new CartiException(Kind.NOT_FOUND, what + " not found");
            if (!r.isSuccessful()) throw failure(r, what);
            long len = r.body().contentLength();
            if (len > BlobReader.SMALL_LIMIT) throw new CartiException(Kind.INVALID_INPUT, what + " is too large (" + len + " bytes)");
            byte[] b;
            try (InputStream in = r.body().byteStream()) {
                b = in.readNBytes((int) BlobReader.SMALL_LIMIT + 1);
            }
            if (b.length > BlobReader.SMALL_LIMIT) throw new CartiException(Kind.INVALID_INPUT, what + " is too large");
            Digest actual = Digest.sha256(b);
            if (reference.contains(":")) {
                Digest want = Digest.parse(reference);
                Digest got = Digest.of(want.algorithm(), want.newMessageDigest().digest(b));
                if (!got.equals(want)) throw new CartiException(Kind.INTEGRITY, what + ": digest mismatch (got " + got + ")");
                actual = got;
            } else {
                String header = r.header("Docker-Content-Digest");
                if (header != null && header.startsWith("sha256:") && !Digest.parse(header).equals(actual)) {
                    throw new CartiException(Kind.INTEGRITY, what + ": body is " + actual + " but the registry says " + header);
                }
            }
            String mt = r.header("Content-Type", "");
            JsonNode n = Json.parse(new String(b, StandardCharsets.UTF_8), what);
            if (n.hasNonNull("mediaType")) mt = n.get("mediaType").asText();
            return new Manifest(b, mt.replaceAll(";.*", "").trim(), actual);
        } catch (IOException e) {
            throw network(what, e);
        }
    }

    /** Streams a blob; the stream verifies size and digest at its end. Close it to release the connection. */
    public VerifyingInputStream blob(String repo, Descriptor d) {
        String what = "blob " + d.digest() + " of " + host + "/" + repo;
        Response r = null;
        try {
            r = send(new Request.Builder().url(base + "/v2/" + repo + "/blobs/" + d.digest()), pull(repo), what);
            if (r.code() == 404) throw new CartiException(Kind.NOT_FOUND, "missing " + what);
            if (!r.isSuccessful()) throw failure(r, what);
            return new VerifyingInputStream(body(r), d.digest(), d.size(), what);
        } catch (IOException e) {
            if (r != null) r.close();
            throw network(what, e);
        } catch (RuntimeException e) {
            if (r != null) r.close();
            throw e;
        }
    }

    /**
     * A blob's raw bytes from byte {@code offset} on (a {@code Range} request), unverified: for resuming a
     * {@link #blob} stream with {@link VerifyingInputStream#continueWith}. A registry that ignores the range sends
     * the whole blob, whose first {@code offset} bytes are skipped.
     */
    public InputStream blobFrom(String repo, Descriptor d, long offset) {
        String what = "blob " + d.digest() + " of " + host + "/" + repo + " from byte " + offset;
        Response r = null;
        try {
            r = send(new Request.Builder().url(base + "/v2/" + repo + "/blobs/" + d.digest()).header("Range", "bytes=" + offset + "-"), pull(repo), what);
            if (r.code() == 404) throw new CartiException(Kind.NOT_FOUND, "missing " + what);
            if (!r.isSuccessful()) throw failure(r, what);
            String range = r.header("Content-Range", "");
            if (r.code() == 206 && !range.startsWith("bytes " + offset + "-")) {
                throw new CartiException(Kind.NETWORK, what + ": the registry answered with range '" + range + "'");
            }
            InputStream body = body(r);
            if (r.code() != 206) body.skipNBytes(offset);
            return body;
        } catch (IOException e) {
            if (r != null) r.close();
            throw network(what, e);
        } catch (RuntimeException e) {
            if (r != null) r.close();
            throw e;
        }
    }

    /** A response's body stream; closing it releases the connection. */
    private static InputStream body(Response r) {
        return new FilterInputStream(r.body().byteStream()) {
            @Override public void close() { r.close(); }
        };
    }

    public boolean blobExists(String repo, Digest d) {
        String what = "blob " + d + " of " + host + "/" + repo;
        try (Response r = send(new Request.Builder().url(base + "/v2/" + repo + "/blobs/" + d).head(), push(repo), what)) {
            if (r.code() == 404) return false;
            if (!r.isSuccessful()) throw failure(r, what);
            return true;
        } catch (IOException e) {
            throw network(what, e);
        }
    }

    /** Uploads a blob monolithically (POST, then PUT ?digest=), unless the registry already has it. */
    public void pushBlob(String repo, Digest d, RequestBody body) { pushBlob(repo, d, body, false); }

    private void pushBlob(String repo, Digest d, RequestBody body, boolean force) {
        if (!force && blobExists(repo, d)) return;
        String what = "upload of " + d + " to " + host + "/" + repo;
        try {
            String location;
            try (Response r = send(new Request.Builder().url(base + "/v2/" + repo + "/blobs/uploads/").post(RequestBody.create(new byte[0], null)), push(repo), what)) {
                if (r.code() != 202) throw failure(r, what);
                location = r.header("Location");
                if (location == null) throw new CartiException(Kind.NETWORK, what + ": the registry gave no upload location");
            }
            HttpUrl url = HttpUrl.get(base + "/").resolve(location);
            if (url == null) throw new CartiException(Kind.NETWORK, what + ": bad upload location '" + location + "'");
            url = url.newBuilder().addQueryParameter("digest", d.toString()).build();
            try (Response r = send(new Request.Builder().url(url).put(body), push(repo), what)) {
                if (r.code() != 201) throw failure(r, what);
            }
        } catch (IOException e) {
            throw network(what, e);
        }
    }

    public void pushBlob(String repo, Digest d, byte[] bytes) {
        pushBlob(repo, d, RequestBody.create(bytes, MediaType.get("application/octet-stream")));
    }

    public void pushBlob(String repo, Digest d, Path file, boolean force) {
        pushBlob(repo, d, RequestBody.create(file.toFile(), MediaType.get("application/octet-stream")), force);
    }

    /** PUTs a manifest under a tag (or its digest) and returns its digest. */
    public Digest pushManifest(String repo, String reference, byte[] manifest, String mediaType) {
        Digest d = Digest.sha256(manifest);
        String what = "manifest " + repo + ":" + reference + " on " + host;
        Request.Builder rb = new Request.Builder().url(base + "/v2/" + repo + "/manifests/" + reference)
                .put(RequestBody.create(manifest, MediaType.get(mediaType)));
        try (Response r = send(rb, push(repo), what)) {
            if (r.code() != 201 && r.code() != 200) throw failure(r, "push of " + what);
            String header = r.header("Docker-Content-Digest");
            if (header != null && !header.equals(d.toString())) {
                throw new CartiException(Kind.INTEGRITY, "push of " + what + ": registry stored " + header + ", expected " + d);
            }
            return d;
        } catch (IOException e) {
            throw network(what, e);
        }
    }

    private static String pull(String repo) { return "repository:" + repo + ":pull"; }

    private static String push(String repo) { return "repository:" + repo + ":pull,push"; }

    /**
     * Sends a request with whatever authorization we hold for {@code scope}; on 401 answers the challenge
     * (Basic, or a Bearer token from the realm) once and retries. Follows redirects by hand.
     */
    private Response send(Request.Builder rb, String scope, String what) throws IOException {
        String auth = authorization.get(scope);
        if (auth == null) auth = authorization.get("*");
        Response r = follow(rb, auth, what);
        if (r.code() != 401) return r;
        AuthChallenge ch = AuthChallenge.parse(r.header("WWW-Authenticate"));
        r.close();
        if (ch == null) throw new CartiException(Kind.FAILED, what + ": 401 Unauthorized without a WWW-Authenticate challenge");
        String fresh;
        if (ch.isBasic()) {
            Credential c = credential.filter(x -> !x.isIdentityToken()).orElseThrow(() -> new CartiException(Kind.FAILED,
                    what + ": authentication required; run 'carti login " + host + "'"));
            fresh = c.basicHeader();
            authorization.put("*", fresh);
        } else if (ch.isBearer()) {
            fresh = "Bearer " + token(ch, scope, what);
            authorization.put(scope, fresh);
        } else {
            throw new CartiException(Kind.FAILED, what + ": unsupported authentication scheme '" + ch.scheme() + "'");
        }
        if (fresh.equals(auth)) throw new CartiException(Kind.FAILED, what + ": credentials rejected (401)");
        Response again = follow(rb, fresh, what);
        if (again.code() == 401) {
            again.close();
            throw new CartiException(Kind.FAILED, what + ": " + (credential.isPresent() ? "credentials rejected" : "authentication required; run 'carti login " + host + "'") + " (401)");
        }
        return again;
    }

    private Response follow(Request.Builder rb, String auth, String what) throws IOException {
        Request req = (auth != null ? rb.header("Authorization", auth) : rb.removeHeader("Authorization")).build();
        String originHost = req.url().host() + ":" + req.url().port();
        for (int hop = 0; ; hop++) {
            Response r = http.newCall(req).execute();
            if (!r.isRedirect()) return r;
            String loc = r.header("Location");
            r.close();
            if (loc == null || hop >= MAX_REDIRECTS) throw new CartiException(Kind.NETWORK, what + ": too many or broken redirects");
            HttpUrl next = req.url().resolve(loc);
            if (next == null) throw new CartiException(Kind.NETWORK, what + ": bad redirect to '" + loc + "'");
            Request.Builder nb = req.newBuilder().url(next);
            if (!(next.host() + ":" + next.port()).equals(originHost)) nb.removeHeader("Authorization"); // never leak credentials
            if (r.code() == 303) nb.get();
            req = nb.build();
        }
    }

    /**
     * The Docker token flow: GET realm?service=&scope= (Basic credentials if we have some) → token / access_token.
     * An identity token is POSTed instead, as an OAuth2 refresh_token grant (what docker does with one).
     */
    private String token(AuthChallenge ch, String scope, String what) throws IOException {
        String realm = ch.params().get("realm");
        if (realm == null) throw new CartiException(Kind.FAILED, what + ": Bearer challenge without realm");
        HttpUrl url = HttpUrl.parse(realm);
        if (url == null) throw new CartiException(Kind.FAILED, what + ": bad token realm '" + realm + "'");
        String service = ch.params().get("service");
        String sc = ch.params().getOrDefault("scope", scope);
        Request.Builder rb;
        if (credential.isPresent() && credential.get().isIdentityToken()) {
            FormBody.Builder form = new FormBody.Builder().add("grant_type", "refresh_token").add("client_id", "carti")
                    .add("refresh_token", credential.get().password());
            if (service != null) form.add("service", service);
            if (sc != null && !sc.isEmpty()) form.add("scope", sc);
            rb = new Request.Builder().url(url).post(form.build());
        } else {
            HttpUrl.Builder ub = url.newBuilder();
            if (service != null) ub.addQueryParameter("service", service);
            if (sc != null && !sc.isEmpty()) ub.addQueryParameter("scope", sc);
            rb = new Request.Builder().url(ub.build());
            credential.ifPresent(c -> rb.header("Authorization", c.basicHeader()));
        }
        try (Response r = http.newCall(rb.build()).execute()) {
            if (r.code() == 401 || r.code() == 403) {
                throw new CartiException(Kind.FAILED, what + ": the token service at " + url.host() + " refused "
                        + (credential.isPresent() ? "the credentials" : "anonymous access; run 'carti login " + host + "'") + " (" + r.code() + ")");
            }
            if (!r.isSuccessful()) throw failure(r, "token request to " + url.host());
            JsonNode j = Json.parse(r.body().string(), "token response from " + url.host());
            String t = j.hasNonNull("token") ? j.get("token").asText() : j.path("access_token").asText(null);
            if (t == null || t.isEmpty()) throw new CartiException(Kind.FAILED, what + ": token response from " + url.host() + " has no token");
            return t;
        }
    }

    private static CartiException failure(Response r, String what) {
        String detail = "";
        try {
            String body = r.body().string();
            JsonNode j = Json.mapper().readTree(body.length() > 4096 ? body.substring(0, 4096) : body);
            if (j != null && j.path("errors").isArray() && !j.path("errors").isEmpty()) {
                JsonNode e = j.path("errors").get(0);
                detail = ": " + e.path("code").asText("") + " " + e.path("message").asText("");
            }
        } catch (Exception ignored) { /* not a distribution error body */ }
        Kind k = r.code() == 404 ? Kind.NOT_FOUND : r.code() == 401 || r.code() == 403 ? Kind.FAILED : Kind.NETWORK;
        return new CartiException(k, what + " failed (HTTP " + r.code() + ")" + detail.stripTrailing());
    }

    private CartiException network(String what, IOException e) {
        return new CartiException(Kind.NETWORK, what + ": cannot reach " + base + " (" + e.getMessage() + ")", e);
    }

    /** A {@link BlobReader} over one repository; the manifests an index names come from the manifests endpoint. */
    public BlobReader blobs(String repo) {
        return new BlobReader() {
            @Override public InputStream open(Descriptor d) { return blob(repo, d); }

            @Override public byte[] readManifest(Descriptor d, String what) {
                byte[] b = manifest(repo, d.digest().toString()).bytes(); // verified against the digest
                if (b.length != d.size()) {
                    throw new CartiException(Kind.INTEGRITY, what + " " + d.digest() + ": size mismatch (expected " + d.size() + " bytes, got " + b.length + ")");
                }
                return b;
            }
        };
    }

}
