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
            send(ex, 200, "{\"access_token\":\"tok-123\",\"expires_in\":300}".getBytes(), null);
        });
        registry.createContext("/v2/", ex -> {
            if (!"Bearer tok-123".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"" + realm + "\",service=\"test-registry\",scope=\"repository:team/app:pull\"");
                send(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}".getBytes(), null);
                return;
            }
            String path = ex.getRequestURI().getPath();
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

    @AfterEach
    void stop() {
        registry.stop(0);
        cdn.stop(0);
    }

    private static void send(HttpExchange ex, int code, byte[] body, String type) throws IOException {
        if (type != null) ex.getResponseHeaders().add("Content-Type", type);
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
}
