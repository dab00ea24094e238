package io.carti.core.install;

import io.carti.core.CartiException;
import io.carti.core.transport.HttpStatusException;
import io.carti.core.transport.TooManyRedirectsException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.ProtocolException;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;

/** Which failures are worth another attempt at the same source. */
final class Retry {
    private Retry() {}

    static boolean isTransient(Throwable e) {
        if (e instanceof HttpStatusException h) return h.isTransient();
        if (e instanceof FileNotFoundException || e instanceof NoSuchFileException) return false;
        if (e instanceof UnknownHostException || e instanceof MalformedURLException || e instanceof TooManyRedirectsException) return false;
        // OkHttp's redirect-loop guard ("Too many follow-up requests") is final; a short body is not
        if (e instanceof ProtocolException p) return p.getMessage() == null || !p.getMessage().startsWith("Too many follow-up");
        if (e instanceof CartiException) return false;
        return e instanceof IOException;
    }

    /** How a source failure maps onto carti's exit codes: missing → not found, anything else → network. */
    static CartiException.Kind kindOf(Throwable e) {
        if (e instanceof HttpStatusException h && (h.code() == 404 || h.code() == 410)) return CartiException.Kind.NOT_FOUND;
        if (e instanceof FileNotFoundException || e instanceof NoSuchFileException) return CartiException.Kind.NOT_FOUND;
        if (e instanceof CartiException c) return c.kind();
        return CartiException.Kind.NETWORK;
    }

    /** The message a user should see for a failed source. */
    static String describe(Throwable e) {
        if (e instanceof TooManyRedirectsException) return "too many redirects (a redirect loop?)";
        if (e instanceof ProtocolException p && p.getMessage() != null && p.getMessage().startsWith("Too many follow-up")) {
            return "too many redirects (a redirect loop?)";
        }
        if (e instanceof java.net.SocketTimeoutException) return "timed out (" + e.getMessage() + ")";
        if (e instanceof java.net.ConnectException) return "connection refused (" + e.getMessage() + ")";
        if (e instanceof java.net.UnknownHostException) return "unknown host " + e.getMessage();
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    static void sleep(NetConfig net, int attempt) throws IOException {
        try {
            Thread.sleep(net.backoff(attempt).toMillis());
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to retry");
        }
    }
}
