package io.carti.core.transport;

import io.carti.core.bundle.Bundle;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.time.Duration;

/**
 * http(s) bundle uris (§6.2, B6 fixed): plain http too, redirects followed (at most {@value #MAX_REDIRECTS} hops,
 * across http and https), connect/read timeouts, and {@code Range} requests for resuming ({@code If-Range} across
 * runs, see {@link #openFrom}). Within a run, a server that ignores the range gets its first {@code offset} bytes
 * skipped, so the caller still sees the stream from where it asked. A body shorter than its
 * {@code Content-Length} is an error (the caller resumes it), never a silent end.
 * <p>
 * Built on the JDK's {@link HttpURLConnection}, not OkHttp, for the CPU: bundles are large sequential bodies, and
 * OkHttp reads them in 8 KiB okio segments (a syscall, two copies and a timeout-queue update per segment, plus
 * the Kotlin/okio class loading and JIT work): 384 MiB cost ~1.4 s of CPU through OkHttp against ~0.3 s here,
 * where a 1 MiB read goes straight from the socket into the caller's buffer (docs/performance.md, "Installs").
 * Connections are kept alive and reused by the JDK; the TLS trust store is loaded only by the first https uri.
 */
public final class HttpSource implements BundleSource {
    /** As many hops as browsers and OkHttp allow. */
    public static final int MAX_REDIRECTS = 20;
    private final int connectMillis;
    private final int readMillis;

    public HttpSource() { this(Duration.ofSeconds(30), Duration.ofSeconds(60)); }

    public HttpSource(Duration connectTimeout, Duration readTimeout) {
        this.connectMillis = millis(connectTimeout);
        this.readMillis = millis(readTimeout);
    }

    private static int millis(Duration d) { return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis())); }

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
        URL url = parse(uri);
        for (int hop = 0; ; hop++) {
            HttpURLConnection c = (HttpURLConnection) url.openConnection();
            c.setInstanceFollowRedirects(false); // followed below, also from http to https
            c.setConnectTimeout(connectMillis);
            c.setReadTimeout(readMillis);
            c.setUseCaches(false);
            c.setRequestProperty("User-Agent", "carti");
            if (offset > 0) {
                c.setRequestProperty("Range", "bytes=" + offset + "-");
                if (ifRange != null) c.setRequestProperty("If-Range", ifRange);
            }
            int code;
            try {
                code = c.getResponseCode();
            } catch (IOException e) {
                c.disconnect();
                throw e;
            }
            if (isRedirect(code) && c.getHeaderField("Location") != null) {
                URL next = resolve(url, c.getHeaderField("Location"));
                discard(c);
                if (hop + 1 > MAX_REDIRECTS) throw new TooManyRedirectsException(uri, MAX_REDIRECTS);
                url = next;
                continue;
            }
            if (code < 200 || code > 299) {
                discard(c);
                throw new HttpStatusException(uri, code);
            }
            boolean partial = offset > 0 && code == 206;
            long length = c.getContentLengthLong();
            long total = partial ? totalOf(c.getHeaderField("Content-Range"), offset, length) : length;
            String validator = validator(c.getHeaderField("ETag"), c.getHeaderField("Last-Modified"));
            return new Opened(new Body(c, length), partial ? offset : 0, validator, total);
        }
    }

    private static URL parse(String uri) throws MalformedURLException {
        try {
            URI u = new URI(uri);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase();
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) throw new URISyntaxException(uri, "not an http(s) URL");
            return u.toURL();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new MalformedURLException("invalid URL '" + uri + "'");
        }
    }

    private static URL resolve(URL base, String location) throws MalformedURLException {
        try {
            return parse(base.toURI().resolve(location.trim()).toString());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new MalformedURLException("invalid redirect to '" + location + "' from " + base);
        }
    }

    private static boolean isRedirect(int code) {
        return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    }

    /** Reads away a small error or redirect body so the connection can be reused, else drops it. */
    private static void discard(HttpURLConnection c) {
        try {
            InputStream body = c.getResponseCode() >= 400 ? c.getErrorStream() : c.getInputStream();
            if (body != null) {
                try (body) {
                    body.skip(64 << 10);
                }
            }
        } catch (IOException ignored) {
            c.disconnect();
        }
    }

    /** A strong ETag, else Last-Modified: what {@code If-Range} accepts (RFC 9110 §13.1.5; weak ETags are not allowed). */
    static String validator(String etag, String lastModified) {
        if (etag != null && !etag.startsWith("W/")) return etag;
        return lastModified;
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

    /** The response body; ending before its Content-Length is an error, and closing it early drops the connection. */
    private static final class Body extends FilterInputStream implements KnownLength {
        private final HttpURLConnection connection;
        private final long length;
        private long read;

        Body(HttpURLConnection connection, long length) throws IOException {
            super(connection.getInputStream());
            this.connection = connection;
            this.length = length;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) read += n;
            else if (n < 0 && length >= 0 && read < length) {
                throw new EOFException("the server closed the connection after " + read + " of " + length + " bytes");
            }
            return n;
        }

        @Override public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override public long skip(long n) throws IOException {
            long s = in.skip(n);
            read += s;
            return s;
        }

        @Override public long remainingBytes() { return length < 0 ? -1 : length - read; }

        @Override public void close() throws IOException {
            if (length >= 0 && read < length) connection.disconnect(); // do not drain megabytes nobody wants
            else in.close();
        }
    }
}
