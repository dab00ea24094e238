package io.carti.core.transport;

import io.carti.core.bundle.Bundle;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * http(s) bundle uris (§6.2, B6 fixed): plain http too, redirects followed (OkHttp stops loops after 20 hops),
 * connect/read timeouts, and {@code Range} requests for resuming ({@code If-Range} across runs, see
 * {@link #openFrom}). Within a run, a server that ignores the range gets its first {@code offset} bytes skipped,
 * so the caller still sees the stream from where it asked.
 * <p>
 * Two OkHttp clients, each built on first use: a cleartext-only one for {@code http://} and a TLS one. Building a
 * TLS client loads and parses the JDK's CA certificates (~470 classes, ~0.2 s of CPU at start-up), which a
 * download from a plain-http mirror or a LAN server never needs. An {@code http://} uri that redirects to
 * {@code https://} continues on the TLS client.
 */
public final class HttpSource implements BundleSource {
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private volatile OkHttpClient cleartext;
    private volatile OkHttpClient tls;

    public HttpSource() { this(Duration.ofSeconds(30), Duration.ofSeconds(60)); }

    /** One source per invocation: its clients share a connection pool across the run's downloads. */
    public HttpSource(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    @Override public InputStream open(String uri, Bundle bundle, long offset) throws IOException {
        Opened o = openFrom(uri, bundle, offset, null);
        InputStream body = o.stream();
        if (offset > 0 && o.start() == 0) body.skipNBytes(offset);
        return body;
    }

    /**
     * Asks for the bytes from {@code offset} on; with {@code ifRange} (the validator an earlier response gave),
     * the server sends the whole content again (200, start 0) when it has changed since, instead of the range.
     */
    @Override public Opened openFrom(String uri, Bundle bundle, long offset, String ifRange) throws IOException {
        HttpUrl url = HttpUrl.parse(uri);
        if (url == null) throw new IOException("invalid URL '" + uri + "'");
        Response resp = call(url, offset, ifRange);
        if (resp.isRedirect() && !url.isHttps()) { // http -> https: the cleartext client stops there
            String location = resp.header("Location");
            HttpUrl next = location == null ? null : resp.request().url().resolve(location);
            if (next != null && next.isHttps()) {
                resp.close();
                resp = call(next, offset, ifRange);
            }
        }
        if (!resp.isSuccessful()) {
            resp.close();
            throw new HttpStatusException(uri, resp.code());
        }
        boolean partial = offset > 0 && resp.code() == 206;
        long length = resp.body().contentLength();
        long total = partial ? totalOf(resp.header("Content-Range"), offset, length) : length;
        return new Opened(new ResponseStream(resp), partial ? offset : 0, validator(resp), total);
    }

    private Response call(HttpUrl url, long offset, String ifRange) throws IOException {
        Request.Builder req = new Request.Builder().url(url);
        if (offset > 0) {
            req.header("Range", "bytes=" + offset + "-");
            if (ifRange != null) req.header("If-Range", ifRange);
        }
        return client(url.isHttps()).newCall(req.build()).execute();
    }

    /** A strong ETag, else Last-Modified: what {@code If-Range} accepts (RFC 9110 §13.1.5; weak ETags are not allowed). */
    static String validator(Response resp) {
        String etag = resp.header("ETag");
        if (etag != null && !etag.startsWith("W/")) return etag;
        return resp.header("Last-Modified");
    }

    /** The full length from {@code Content-Range: bytes a-b/total}, else offset + body length. */
    static long totalOf(String contentRange, long offset, long bodyLength) {
        if (contentRange != null) {
            int slash = contentRange.lastIndexOf('/');
            if (slash > 0) {
                try {
                    return Long.parseLong(contentRange.substring(slash + 1).trim());
                } catch (NumberFormatException ignored) { /* "*" or junk */ }
            }
        }
        return bodyLength < 0 ? -1 : offset + bodyLength;
    }

    private OkHttpClient client(boolean https) {
        OkHttpClient c = https ? tls : cleartext;
        if (c != null) return c;
        synchronized (this) {
            if (https) {
                if (tls == null) tls = builder().build();
                return tls;
            }
            if (cleartext == null) cleartext = builder().connectionSpecs(List.of(ConnectionSpec.CLEARTEXT)).followSslRedirects(false).build();
            return cleartext;
        }
    }

    private OkHttpClient.Builder builder() {
        return new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .followRedirects(true)
                .followSslRedirects(true)
                .retryOnConnectionFailure(false); // retries are the installer's job, with backoff and resume
    }

    /** The body stream; closing it releases the connection. */
    private static final class ResponseStream extends FilterInputStream implements KnownLength {
        private final Response response;

        ResponseStream(Response response) {
            super(response.body().byteStream());
            this.response = response;
        }

        @Override public long remainingBytes() { return response.body().contentLength(); }

        @Override public void close() {
            response.close();
        }
    }
}
