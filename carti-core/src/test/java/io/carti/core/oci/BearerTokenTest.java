package io.carti.core.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.carti.core.CartiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker token flow against an in-process registry: 401 + Bearer challenge → token from the realm (Basic
 * credentials) → retry; blobs 307 to another host, which must never see the Authorization header.
 */
class BearerTokenTest {
    @TempDir Path tmp;
    HttpServer registry;
    HttpServer cdn;
    final List<String> cdnAuthHeaders = new CopyOnWriteArrayList<>();
    final List<String> tokenRequests = new CopyOnWriteArrayList<>();
    volatile boolean corruptCdn;
    TestImages.Built built;

    @BeforeEach
    void start() throws Exception {
        built = TestImages.layout(tmp.resolve("img"), "v1", new TestImages.Config(), TestImages.richImage());
        cdn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        cdn.createContext("/", ex -> {
            cdnAuthHeaders.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            String hex = ex.getRequestURI().getPath().replaceAll(".*/", "");
            byte[] b = Files.readAllBytes(tmp.resolve("img/blobs/sha256/" + hex));
            if (corruptCdn) b[b.length / 2] ^= 0x55;
            send(ex, 200, b, null);
        });
        cdn.start();
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String realm = "http://127.0.0.1:" + registry.getAddress().getPort() + "/token";
        registry.createContext("/token", ex -> {
            if (ex.getRequestMethod().equals("POST")) { // OAuth2 grant, as docker sends an identity token
                String form = new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                tokenRequests.add("POST " + form);
                boolean ok = form.contains("grant_type=refresh_token") && form.contains("refresh_token=idtok-9");
                send(ex, ok ? 200 : 401, (ok ? "{\"access_token\":\"tok-123\",\"refresh_token\":\"idtok-9\"}" : "{}").getBytes(), null);
                return;
            }
            tokenRequests.add(ex.getRequestURI().getQuery() + " auth=" + ex.getRequestHeaders().getFirst("Authorization"));
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (!new Credential("bob", "pw").basicHeader().equals(auth)) {
                send(ex, 401, "{}".getBytes(), null);
                return;
            }
            // a token that may push only when the scope asked for it
            String token = ex.getRequestURI().getQuery().contains("pull,push") ? "tok-push" : "tok-123";
            send(ex, 200, ("{\"access_token\":\"" + token + "\",\"expires_in\":300}").getBytes(), null);
        });
        registry.createContext("/v2/", ex -> {
            String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
            boolean write = !ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD");
            if (!(write ? List.of("Bearer tok-push") : List.of("Bearer tok-123", "Bearer tok-push")).contains(auth)) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"" + realm + "\",service=\"test-registry\",scope=\"repository:team/app:"
                        + (write ? "pull,push" : "pull") + "\"");
                send(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}".getBytes(), null);
                return;
            }
            String path = ex.getRequestURI().getPath();
            if (pushed(ex, path)) return;
            if (path.equals("/v2/")) {
                send(ex, 200, "{}".getBytes(), "application/json");
            } else if (path.startsWith("/v2/team/app/manifests/")) {
                String ref = path.substring(path.lastIndexOf('/') + 1);
                Digest d = ref.equals("v1") ? built.manifestDigest() : Digest.parse(ref);
                send(ex, 200, Files.readAllBytes(tmp.resolve("img/blobs/sha256/" + d.hex())), MediaTypes.OCI_MANIFEST);
            } else if (path.startsWith("/v2/team/app/blobs/")) {
                Digest d = Digest.parse(path.substring(path.lastIndexOf('/') + 1));
                // a different host name for the same machine: a cross-host redirect, as to S3 or a CDN
                ex.getResponseHeaders().add("Location", "http://localhost:" + cdn.getAddress().getPort() + "/blobs/" + d.hex());
                send(ex, 307, new byte[0], null);
            } else {
                send(ex, 404, "{}".getBytes(), null);
            }
        });
        registry.start();
    }

    /** What was pushed: digest or tag → bytes. */
    final Map<String, byte[]> store = new ConcurrentHashMap<>();

    /** The push half of the distribution API (monolithic uploads, manifests by tag), and reads of what was pushed. */
    private boolean pushed(HttpExchange ex, String path) throws IOException {
        String m = ex.getRequestMethod();
        if (m.equals("POST") && path.equals("/v2/team/app/blobs/uploads/")) {
            ex.getResponseHeaders().add("Location", "/v2/team/app/blobs/uploads/u1?state=x");
            send(ex, 202, new byte[0], null);
        } else if (m.equals("PUT") && path.equals("/v2/team/app/blobs/uploads/u1")) {
            byte[] b = ex.getRequestBody().readAllBytes();
            String want = ex.getRequestURI().getQuery().replaceAll(".*digest=", "").replace("%3A", ":");
            if (!Digest.sha256(b).toString().equals(want)) { send(ex, 400, "{}".getBytes(), null); return true; }
            store.put(want, b);
            send(ex, 201, new byte[0], null);
        } else if (m.equals("PUT") && path.startsWith("/v2/team/app/manifests/")) {
            byte[] b = ex.getRequestBody().readAllBytes();
            store.put(path.substring(path.lastIndexOf('/') + 1), b);
            store.put(Digest.sha256(b).toString(), b);
            ex.getResponseHeaders().add("Docker-Content-Digest", Digest.sha256(b).toString());
            send(ex, 201, new byte[0], null);
        } else if ((m.equals("GET") || m.equals("HEAD")) && path.matches("/v2/team/app/(blobs|manifests)/.*")
                && store.containsKey(path.substring(path.lastIndexOf('/') + 1))) {
            byte[] b = store.get(path.substring(path.lastIndexOf('/') + 1));
            if (m.equals("HEAD")) {
                ex.getResponseHeaders().add("Content-Length", Integer.toString(b.length));
                ex.sendResponseHeaders(200, -1);
                ex.close();
            } else {
                send(ex, 200, b, path.contains("/manifests/") ? MediaTypes.OCI_MANIFEST : null);
            }
        } else if (m.equals("HEAD")) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        } else {
            return false;
        }
        return true;
    }

    @AfterEach
    void stop() {
        registry.stop(0);
        cdn.stop(0);
    }

    private static void send(HttpExchange ex, int code, byte[] body, String type) throws IOException {
        if (type != null) ex.getResponseHeaders().add("Content-Type", type);
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(code, -1);
            ex.close();
            return;
        }
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        try (OutputStream o = ex.getResponseBody()) { o.write(body); }
    }

    private String host() { return "127.0.0.1:" + registry.getAddress().getPort(); }

    @Test
    void tokenFlowAndRedirectWithoutCredentials() throws Exception {
        RegistryClient c = new RegistryClient(host(), false, Optional.of(new Credential("bob", "pw")));
        ResolvedImage img = new RegistryImage(Reference.parse(host() + "/team/app:v1"), c).resolve(Platform.RISCV64);
        assertThat(img.manifestDigest()).isEqualTo(built.manifestDigest());
        for (Layer l : img.layers()) try (InputStream in = l.opener().open()) { in.transferTo(OutputStream.nullOutputStream()); }
        assertThat(tokenRequests).first().asString().contains("service=test-registry").contains("scope=repository:team/app:pull")
                .contains("auth=Basic ");
        assertThat(cdnAuthHeaders).hasSizeGreaterThanOrEqualTo(5).allMatch(h -> h.equals("null"));
    }

    @Test
    void refusedCredentialsAndCorruptBlob() throws Exception {
        RegistryClient anon = new RegistryClient(host(), false, Optional.empty());
        assertThatThrownBy(() -> new RegistryImage(Reference.parse(host() + "/team/app:v1"), anon).resolve(Platform.RISCV64))
                .isInstanceOf(CartiException.class).hasMessageContaining("refused anonymous access; run 'carti login " + host() + "'");

        corruptCdn = true;
        RegistryClient c = new RegistryClient(host(), false, Optional.of(new Credential("bob", "pw")));
        assertThatThrownBy(() -> new RegistryImage(Reference.parse(host() + "/team/app:v1"), c).resolve(Platform.RISCV64))
                .isInstanceOf(CartiException.class).hasMessageContaining("digest mismatch");
    }

    /** {@code carti login} checks credentials with GET /v2/, which answers the same challenge. */
    @Test
    void loginPingGoesThroughTheTokenFlow() {
        new RegistryClient(host(), false, Optional.of(new Credential("bob", "pw"))).ping();
        assertThatThrownBy(() -> new RegistryClient(host(), false, Optional.of(new Credential("bob", "nope"))).ping())
                .isInstanceOf(CartiException.class).hasMessageContaining("refused the credentials");
    }

    /** An {@code identitytoken} in ~/.docker/config.json is traded for an access token with an OAuth2 refresh_token grant. */
    @Test
    void identityTokenFromDockerConfig() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home/.docker")).getParent();
        Files.writeString(home.resolve(".docker/config.json"), "{\"auths\":{\"" + host() + "\":{\"auth\":\"\",\"identitytoken\":\"idtok-9\"}}}");
        RegistryClient c = ImageSources.client(host(), io.carti.core.CartiEnv.of(tmp, home, java.util.Map.of()), false);
        ResolvedImage img = new RegistryImage(Reference.parse(host() + "/team/app:v1"), c).resolve(Platform.RISCV64);
        assertThat(img.manifestDigest()).isEqualTo(built.manifestDigest());
        assertThat(tokenRequests).first().asString().startsWith("POST ").contains("grant_type=refresh_token").contains("refresh_token=idtok-9")
                .contains("service=test-registry").contains("scope=repository%3Ateam%2Fapp%3Apull");
        Files.writeString(home.resolve(".docker/config.json"), "{\"auths\":{\"" + host() + "\":{\"identitytoken\":\"expired\"}}}");
        RegistryClient stale = ImageSources.client(host(), io.carti.core.CartiEnv.of(tmp, home, java.util.Map.of()), false);
        assertThatThrownBy(() -> new RegistryImage(Reference.parse(host() + "/team/app:v1"), stale).resolve(Platform.RISCV64))
                .isInstanceOf(CartiException.class).hasMessageContaining("refused the credentials");
    }

    /** Pushing asks for a pull,push token; the artifact then reads back through the same flow. */
    @Test
    void publishTakesAPushToken() throws Exception {
        Path file = tmp.resolve("data.ext2");
        Files.write(file, "bundle bytes".getBytes());
        RegistryClient c = new RegistryClient(host(), false, Optional.of(new Credential("bob", "pw")));
        ArtifactPusher.Pushed p = new ArtifactPusher(c).push(file, "flashdrive", "data", "1.0.0", "bafycid", "data.ext2",
                Reference.parse(host() + "/team/app:1.0.0"));
        assertThat(tokenRequests).anyMatch(r -> r.contains("scope=repository:team/app:pull,push") && r.contains("auth=Basic "));
        assertThat(store.get("1.0.0")).isEqualTo(store.get(p.manifestDigest().toString()));
        assertThat(store.get(Digest.sha256("bundle bytes".getBytes()).toString())).isEqualTo("bundle bytes".getBytes());
        RegistryClient reader = new RegistryClient(host(), false, Optional.of(new Credential("bob", "pw")));
        CartiArtifact.Parsed a = CartiArtifact.parse(reader.manifest("team/app", p.manifestDigest().toString()).bytes(), "data.ext2", "artifact");
        try (InputStream in = reader.blob("team/app", a.layer())) {
            assertThat(in.readAllBytes()).isEqualTo("bundle bytes".getBytes());
        }
    }
}
