package io.carti.core.transport;

import io.carti.core.bundle.Bundle;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * http(s) bundle uris (§6.2, B6 fixed): plain http too, redirects followed (OkHttp stops loops after 20 hops),
 * connect/read timeouts, and {@code Range} requests for resuming. A server that ignores the range gets its
 * first {@code offset} bytes skipped, so the caller still sees the stream from where it asked.
 */
public final class HttpSource implements BundleSource {
    private static final OkHttpClient DEFAULT = client(Duration.ofSeconds(30), Duration.ofSeconds(60));
    private final OkHttpClient client;

    public HttpSource() { this(DEFAULT); }

    public HttpSource(OkHttpClient client) { this.client = client; }

    /** A client with the given timeouts; one client per process shares its connection pool across downloads. */
    public static OkHttpClient client(Duration connectTimeout, Duration readTimeout) {
        return new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .followRedirects(true)
                .followSslRedirects(true)
                .retryOnConnectionFailure(false) // retries are the installer's job, with backoff and resume
                .build();
    }

    @Override public InputStream open(String uri, Bundle bundle, long offset) throws IOException {
        Request.Builder req;
        try {
            req = new Request.Builder().url(uri);
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid URL '" + uri + "'");
        }
        if (offset > 0) req.header("Range", "bytes=" + offset + "-");
        Response resp = client.newCall(req.build()).execute();
        if (!resp.isSuccessful()) {
            resp.close();
            throw new HttpStatusException(uri, resp.code());
        }
        InputStream body = new ResponseStream(resp);
        if (offset > 0 && resp.code() != 206) body.skipNBytes(offset);
        return body;
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
