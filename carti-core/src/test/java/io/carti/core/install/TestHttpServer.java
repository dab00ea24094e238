package io.carti.core.install;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 for tests (JDK HttpServer). Each path serves a body (bytes or a file, with
 * {@code Range} support) through a script of steps: a step per request, the last one repeating. Steps inject
 * the faults an installer must survive: error statuses, short bodies, stalls, redirects.
 */
public final class TestHttpServer implements AutoCloseable {
    /** One way of answering a request. */
    @FunctionalInterface
    public interface Step {
        void answer(HttpExchange ex, Body body) throws IOException;
    }

    /** What a path serves. */
    public interface Body {
        long length();

        InputStream open(long offset) throws IOException;

        /** The strong ETag of this content (changes with it). */
        String etag();
    }

    /** A request as the server saw it. */
    public record Seen(String method, String path, String range, String ifRange) {}

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-http");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());

    private record Route(Body body, List<Step> steps, AtomicInteger next) {}

    private TestHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    public static TestHttpServer start() {
        try {
            return new TestHttpServer();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url(String path) { return "http://127.0.0.1:" + server.getAddress().getPort() + path; }

    public TestHttpServer serve(String path, byte[] bytes, Step... steps) {
        return route(path, new Body() {
            @Override public long length() { return bytes.length; }

            @Override public InputStream open(long offset) {
                return new java.io.ByteArrayInputStream(bytes, (int) offset, bytes.length - (int) offset);
            }

            @Override public String etag() { return "\"" + Integer.toHexString(java.util.Arrays.hashCode(bytes)) + "\""; }
        }, steps);
    }

    public TestHttpServer serveFile(String path, Path file, Step... steps) {
        return route(path, new Body() {
            @Override public long length() {
                return file.toFile().length();
            }

            @Override public InputStream open(long offset) throws IOException {
                FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                ch.position(offset);
                return Channels.newInputStream(ch);
            }

            @Override public String etag() {
                return "\"" + file.toFile().length() + "-" + file.toFile().lastModified() + "\"";
            }
        }, steps);
    }

    private TestHttpServer route(String path, Body body, Step... steps) {
        routes.put(path, new Route(body, steps.length == 0 ? List.of(ok()) : List.of(steps), new AtomicInteger()));
        return this;
    }

    public List<Seen> requests(String path) {
        synchronized (seen) {
            return seen.stream().filter(s -> s.path().equals(path)).toList();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        seen.add(new Seen(ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("Range"), ex.getRequestHeaders().getFirst("If-Range")));
        try (ex) {
            Route r = routes.get(path);
            if (r == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            int i = Math.min(r.next().getAndIncrement(), r.steps().size() - 1);
            r.steps().get(i).answer(ex, r.body());
        }
    }

    // ---- steps

    /** The body (from the requested offset with a 206 when the request has a Range). */
    public static Step ok() {
        return (ex, body) -> send(ex, body, body.length(), 0);
    }

    /** The same, but ignoring any Range header (a server without resume support). */
    public static Step okIgnoringRange() {
        return (ex, body) -> send(ex, body, body.length(), 0, false);
    }

    public static Step status(int code) {
        return (ex, body) -> ex.sendResponseHeaders(code, -1);
    }

    /** Announces the full length but sends only the first {@code n} bytes of the requested range, then drops the connection. */
    public static Step truncatedAfter(long n) {
        return (ex, body) -> send(ex, body, n, 0);
    }

    /** The body (honouring Range) at about {@code bytesPerSecond}: slow enough to interrupt a client mid-download. */
    public static Step throttled(long bytesPerSecond) {
        return (ex, body) -> send(ex, body, Long.MAX_VALUE, 0, true, bytesPerSecond);
    }

    /** Sends {@code n} bytes, then stops sending for {@code millis} while keeping the connection open. */
    public static Step stallAfter(long n, long millis) {
        return (ex, body) -> send(ex, body, n, millis);
    }

    /** Serves these bytes instead of the body (wrong content under the right name). */
    public static Step bytes(byte[] other) {
        return (ex, body) -> {
            ex.sendResponseHeaders(200, other.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(other);
            }
        };
    }

    public static Step redirect(String location) {
        return (ex, body) -> {
            ex.getResponseHeaders().set("Location", location);
            ex.sendResponseHeaders(302, -1);
        };
    }

    private static void send(HttpExchange ex, Body body, long limit, long stallMillis) throws IOException {
        send(ex, body, limit, stallMillis, true);
    }

    private static void send(HttpExchange ex, Body body, long limit, long stallMillis, boolean ranges) throws IOException {
        send(ex, body, limit, stallMillis, ranges, 0);
    }

    private static void send(HttpExchange ex, Body body, long limit, long stallMillis, boolean ranges, long bytesPerSecond)
            throws IOException {
        long total = body.length();
        long offset = 0;
        String etag = body.etag();
        ex.getResponseHeaders().set("ETag", etag);
        String range = ranges ? ex.getRequestHeaders().getFirst("Range") : null;
        String ifRange = ex.getRequestHeaders().getFirst("If-Range");
        if (ifRange != null && !ifRange.equals(etag)) range = null; // RFC 9110 13.1.5: changed, so send it all
        if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
            offset = Long.parseLong(range.substring(6, range.length() - 1));
            ex.getResponseHeaders().set("Content-Range", "bytes " + offset + "-" + (total - 1) + "/" + total);
            ex.sendResponseHeaders(206, total - offset);
        } else {
            ex.sendResponseHeaders(200, total == 0 ? -1 : total);
        }
        OutputStream out = ex.getResponseBody();
        try (InputStream in = body.open(offset)) {
            byte[] buf = new byte[bytesPerSecond > 0 ? (int) Math.max(1, Math.min(64 * 1024, bytesPerSecond / 20)) : 64 * 1024];
            long sent = 0;
            long max = Math.min(limit, total - offset);
            while (sent < max) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, max - sent));
                if (n < 0) break;
                out.write(buf, 0, n);
                sent += n;
                if (bytesPerSecond > 0) {
                    out.flush();
                    sleep(n * 1000L / bytesPerSecond);
                }
            }
            out.flush();
            if (stallMillis > 0) sleep(stallMillis);
            if (sent < total - offset) {
                // drop the connection mid-body: the client must notice the short read
                throw new IOException("test server: connection dropped on purpose");
            }
        }
        out.close();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
