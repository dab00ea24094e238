package io.carti.core.transport;

import io.carti.core.CartiException;
import io.carti.core.store.FileNames;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * {@code carti bundle <url>}: streams a URL to a temp file and finds its file name (the {@code -f} option, else
 * Content-Disposition without quotes, else the last path segment). http and https, redirects followed,
 * connect/read timeouts (B5, B6).
 */
public final class UrlDownload {
    private static final Pattern CD_EXT = Pattern.compile("filename\\*\\s*=\\s*([^']*)'[^']*'([^;\\n]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern CD = Pattern.compile("filename\\s*=\\s*(\"([^\"]*)\"|'([^']*)'|[^;\\n]*)", Pattern.CASE_INSENSITIVE);

    private final OkHttpClient client;

    public UrlDownload() { this(defaultClient()); }

    public UrlDownload(OkHttpClient client) { this.client = client; }

    public static OkHttpClient defaultClient() {
        return new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(30))
                .readTimeout(Duration.ofSeconds(60))
                .followRedirects(true)
                .followSslRedirects(true)
                .build();
    }

    public static boolean isUrl(String s) {
        return s.startsWith("http://") || s.startsWith("https://");
    }

    /** A downloaded file in a private temp directory; delete it with {@link #close()}. */
    public record Downloaded(Path dir, Path file, String fileName) implements AutoCloseable {
        @Override public void close() {
            try {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            } catch (IOException ignored) { /* temp cleanup */ }
        }
    }

    public Downloaded download(String url, String fileNameOverride) {
        Request req;
        try {
            req = new Request.Builder().url(url).build();
        } catch (IllegalArgumentException e) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, "invalid URL '" + url + "'");
        }
        try (Response resp = client.newCall(req).execute()) {
            if (resp.code() >= 400) throw new CartiException(CartiException.Kind.NETWORK, "Failed to get '" + url + "' (" + resp.code() + ")");
            if (!resp.isSuccessful()) throw new CartiException(CartiException.Kind.NETWORK, "Failed to get '" + url + "' (" + resp.code() + ")");
            String name = fileNameOverride;
            if (name == null) name = fromContentDisposition(resp.header("Content-Disposition"));
            if (name == null || name.isBlank()) name = lastSegment(resp.request().url().encodedPath());
            if (name == null || name.isBlank()) {
                throw new CartiException(CartiException.Kind.INVALID_INPUT, "could not find a file name for " + url + "; set one with --filename");
            }
            FileNames.requireSafe(name, "the download of " + url);
            Path dir = Files.createTempDirectory("carti-tmp");
            Path file = dir.resolve(name);
            ResponseBody body = resp.body();
            try (InputStream in = body.byteStream()) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
                throw e;
            }
            long expected = body.contentLength();
            if (expected >= 0 && Files.size(file) != expected) {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
                throw new CartiException(CartiException.Kind.NETWORK, "truncated download from " + url);
            }
            return new Downloaded(dir, file, name);
        } catch (IOException e) {
            throw new CartiException(CartiException.Kind.NETWORK, "cannot download " + url + ": " + e.getMessage(), e);
        }
    }

    /** The file name of a Content-Disposition header, quotes removed (B5); RFC 5987 {@code filename*} preferred. */
    public static String fromContentDisposition(String header) {
        if (header == null) return null;
        Matcher ext = CD_EXT.matcher(header);
        if (ext.find()) {
            String cs = ext.group(1).isBlank() ? "UTF-8" : ext.group(1).trim();
            try {
                return URLDecoder.decode(ext.group(2).trim().replace("+", "%2B"), cs);
            } catch (Exception ignored) { /* fall through */ }
        }
        Matcher m = CD.matcher(header);
        while (m.find()) {
            if (header.charAt(Math.max(0, m.start() - 1)) == '*') continue;
            String v = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(1).trim();
            return v.isEmpty() ? null : v;
        }
        return null;
    }

    private static String lastSegment(String path) {
        if (path == null) return null;
        int i = path.lastIndexOf('/');
        String seg = i >= 0 ? path.substring(i + 1) : path;
        return URLDecoder.decode(seg, StandardCharsets.UTF_8);
    }
}
