package io.carti.core.transport.s3;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * A real S3 API server for tests: s3proxy with its filesystem backend on 127.0.0.1 (a free port), signature V4
 * authentication with fixed test credentials. Buckets are directories under {@link #root()} and objects are plain
 * files in them, so tests can check the stored bytes without going through any S3 client.
 */
public final class S3TestServer implements AutoCloseable {
    public static final String ACCESS_KEY = "carti-test-key";
    public static final String SECRET_KEY = "carti-test-secret";
    public static final String REGION = "us-east-1";

    private final Path root;
    private final S3Proxy proxy;
    private final URI endpoint;

    private S3TestServer(Path root, S3Proxy proxy, URI endpoint) {
        this.root = root;
        this.proxy = proxy;
        this.endpoint = endpoint;
    }

    /** Starts a server storing its buckets under {@code root}. */
    public static S3TestServer start(Path root) throws Exception {
        Files.createDirectories(root);
        return start(root, new FilesystemNio2BlobStore(root.toString()));
    }

    /**
     * Starts a server that checks requests and keeps object sizes and metadata but discards the bytes (s3proxy's
     * own "null" middleware), for uploads of many GiB that should not fill the disk.
     */
    public static S3TestServer startDiscarding(Path root) throws Exception {
        Files.createDirectories(root);
        Method m = Class.forName("org.gaul.s3proxy.middleware.NullBlobStore").getDeclaredMethod("newNullBlobStore", BlobStore.class);
        m.setAccessible(true);
        return start(root, (BlobStore) m.invoke(null, new FilesystemNio2BlobStore(root.toString())));
    }

    /**
     * Starts a server for virtual-hosted addressing ({@code <bucket>.<host>}) on 127.0.0.1; clients reach it by a
     * name that resolves to 127.0.0.1 (e.g. through {@code -Djdk.net.hosts.file}). {@link #endpoint()} names it by
     * {@code host}.
     */
    public static S3TestServer startVirtualHosted(Path root, String host) throws Exception {
        Files.createDirectories(root);
        int port = freePort();
        return start(root, S3Proxy.builder().blobStore(new FilesystemNio2BlobStore(root.toString()))
                .endpoint(URI.create("http://127.0.0.1:" + port)).virtualHost(host)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY), URI.create("http://" + host + ":" + port));
    }

    /**
     * Starts an anonymous https server over the buckets under {@code root}: what a public bucket (or a CDN in front of
     * one) looks like to installers. {@code keyStore} (PKCS12, password {@code password}) holds its TLS key.
     */
    public static S3TestServer startPublicHttps(Path root, Path keyStore, String password) throws Exception {
        URI endpoint = URI.create("https://127.0.0.1:" + freePort());
        return start(root, S3Proxy.builder().blobStore(new FilesystemNio2BlobStore(root.toString()))
                .secureEndpoint(endpoint).keyStore(keyStore.toString(), password)
                .awsAuthentication(AuthenticationType.NONE, null, null), endpoint);
    }

    private static S3TestServer start(Path root, BlobStore store) throws Exception {
        URI endpoint = URI.create("http://127.0.0.1:" + freePort());
        return start(root, S3Proxy.builder().blobStore(store).endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY), endpoint);
    }

    private static S3TestServer start(Path root, S3Proxy.Builder builder, URI endpoint) throws Exception {
        S3Proxy proxy = builder.build();
        proxy.start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            Thread.sleep(20);
        }
        return new S3TestServer(root, proxy, endpoint);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) { return s.getLocalPort(); }
    }

    public URI endpoint() { return endpoint; }

    public Path root() { return root; }

    /** Creates an empty bucket (a directory of the filesystem backend). */
    public S3TestServer bucket(String name) throws IOException {
        Files.createDirectories(root.resolve(name));
        return this;
    }

    /** Where the backend keeps an object's bytes. */
    public Path objectFile(String bucket, String key) { return root.resolve(bucket).resolve(key); }

    /** The environment a carti process needs to reach this server. */
    public Map<String, String> env() {
        return Map.of("AWS_ENDPOINT_URL", endpoint.toString(), "AWS_REGION", REGION,
                "AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    }

    public S3Settings settings() {
        return new S3Settings(endpoint, REGION, true, ACCESS_KEY, SECRET_KEY, null, null);
    }

    @Override public void close() throws Exception { proxy.stop(); }
}
