package io.carti.core.install;

import io.carti.core.CartiEnv;
import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.store.BundleStore;
import io.carti.core.store.IntegrityException;
import io.carti.core.transport.BundleSource;
import io.carti.core.transport.HttpSource;
import io.carti.core.transport.KnownLength;
import io.carti.core.transport.Transports;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;

/**
 * Fetches one bundle into a store from the first of its source uris that works (B25): each uri is tried with
 * retries and resume ({@link ResumableStream}); the bytes are hashed while they stream into the store and
 * checked against the bundle's CID before the rename (B2, via {@link BundleStore#put}). A uri that fails —
 * unreachable, 404, wrong bytes — hands over to the next one; when all fail, the error lists each of them.
 * Thread-safe: {@code machine install -j N} runs several fetches at once.
 */
public final class Downloader {
    private final CartiEnv env;
    private final NetConfig net;
    private final ProgressListener progress;
    private volatile OkHttpClient http;

    public Downloader(CartiEnv env, NetConfig net, ProgressListener progress) {
        this.env = env;
        this.net = net;
        this.progress = progress;
    }

    public BundleStore.Stored fetch(Bundle b, List<String> uris, BundleStore target) {
        List<String> failures = new ArrayList<>();
        CartiException.Kind kind = null;
        IntegrityException integrity = null;
        if (uris.isEmpty()) {
            throw new CartiException(CartiException.Kind.NOT_FOUND, "bundle " + b.name() + " (" + b.id() + ") has no uri to download it from");
        }
        for (String uri : uris) {
            String where = resolve(uri);
            if (net.offline() && isNetwork(where)) {
                failures.add(where + ": --offline forbids fetching it");
                kind = worst(kind, CartiException.Kind.NETWORK);
                continue;
            }
            String id = b.id() + " " + where;
            try {
                BundleStore.Stored s = fetchOne(b, where, target, id);
                progress.finished(id, true, null);
                return s;
            } catch (IntegrityException e) {
                progress.finished(id, false, e.getMessage());
                integrity = e;
                failures.add(where + ": CID mismatch, got " + e.actual());
                kind = worst(kind, CartiException.Kind.INTEGRITY);
            } catch (CartiException e) {
                progress.finished(id, false, e.getMessage());
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                failures.add(where + ": " + (cause == e ? e.getMessage() : Retry.describe(cause)));
                kind = worst(kind, Retry.kindOf(cause));
            } catch (IOException | UnsupportedOperationException e) {
                progress.finished(id, false, Retry.describe(e));
                failures.add(where + ": " + Retry.describe(e));
                kind = worst(kind, Retry.kindOf(e));
            }
            if (uris.size() > 1) progress.note("could not fetch " + b.name() + " from " + where + "; trying the next source");
        }
        if (uris.size() == 1 && integrity != null) throw integrity;
        if (net.offline() && failures.stream().allMatch(f -> f.endsWith("--offline forbids fetching it"))) throw offline(b, uris);
        String msg = "could not install bundle " + b.name() + " (" + b.id() + "): " + String.join("; ", failures);
        if (integrity != null) msg += " (expected " + integrity.expected() + "; nothing was stored)";
        throw new CartiException(kind, msg);
    }

    static CartiException offline(Bundle b, List<String> uris) {
        return new CartiException(CartiException.Kind.NETWORK, "bundle " + b.name() + " (" + b.id()
                + ") is not in the store and --offline forbids fetching it from " + String.join(", ", uris)
                + "; run the command again without --offline");
    }

    private BundleStore.Stored fetchOne(Bundle b, String uri, BundleStore target, String id) throws IOException {
        BundleSource source = source(uri);
        try (ResumableStream in = ResumableStream.open(source, uri, b, net, progress, id)) {
            progress.started(id, b.name(), in.remainingBytes());
            return target.put(in, b.cid(), b.fileName(), b.toJson(), "bundle " + b.name(), uri);
        }
    }

    /** A relative disk path is relative to the project directory, not to the JVM's working directory. */
    String resolve(String uri) {
        if (!Transports.scheme(uri).equals("file") || uri.startsWith("file:")) return uri;
        return env.resolve(uri).toString();
    }

    static boolean isNetwork(String uri) { return !Transports.scheme(uri).equals("file"); }

    private BundleSource source(String uri) {
        String scheme = Transports.scheme(uri);
        if (scheme.equals("http") || scheme.equals("https")) return new HttpSource(client());
        return Transports.forUri(uri, env);
    }

    private OkHttpClient client() {
        OkHttpClient c = http;
        if (c == null) {
            synchronized (this) {
                if (http == null) http = HttpSource.client(net.connectTimeout(), net.readTimeout());
                c = http;
            }
        }
        return c;
    }

    private static CartiException.Kind worst(CartiException.Kind a, CartiException.Kind b) {
        if (a == CartiException.Kind.INTEGRITY || b == CartiException.Kind.INTEGRITY) return CartiException.Kind.INTEGRITY;
        if (a == CartiException.Kind.NETWORK || b == CartiException.Kind.NETWORK) return CartiException.Kind.NETWORK;
        return b == null ? a : b;
    }
}
