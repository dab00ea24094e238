package io.carti.core.install;

import io.carti.core.CartiEnv;
import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.cid.CidHasher;
import io.carti.core.cid.HashPipeline;
import io.carti.core.store.BundleStore;
import io.carti.core.store.IntegrityException;
import io.carti.core.transport.BundleSource;
import io.carti.core.transport.HttpSource;
import io.carti.core.transport.HttpStatusException;
import io.carti.core.transport.Transports;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Fetches one bundle into a store from the first of its source uris that works (B25): each uri is tried with
 * retries and resume ({@link ResumableStream}); the bytes are hashed while they stream into the store and
 * checked against the bundle's CID before the rename (B2). The bytes go to a {@link PartialDownload} that
 * outlives the process: a later run that finds it re-hashes it and asks only for the rest ({@code Range} with
 * {@code If-Range}), or starts over when the source changed. A uri that fails —
 * unreachable, 404, wrong bytes — hands over to the next one; when all fail, the error lists each of them.
 * Thread-safe: {@code machine install -j N} runs several fetches at once.
 */
public final class Downloader {
    private final CartiEnv env;
    private final NetConfig net;
    private final ProgressListener progress;
    private final HttpSource http;

    public Downloader(CartiEnv env, NetConfig net, ProgressListener progress) {
        this.env = env;
        this.net = net;
        this.progress = progress;
        this.http = new HttpSource(net.connectTimeout(), net.readTimeout());
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
        try (PartialDownload part = PartialDownload.open(target, b.cid())) {
            long kept = part.resumableBytes(uri);
            if (kept == 0) return fetchInto(part, b, uri, target, id, 0);
            try {
                return fetchInto(part, b, uri, target, id, kept);
            } catch (IntegrityException e) {
                // the kept bytes and the rest do not add up (the source changed without a validator saying so)
                progress.note("the partial download of " + b.name() + " from an earlier run did not verify; downloading it again");
            } catch (HttpStatusException e) {
                if (e.code() != 416) throw e; // 416: the server has no bytes after the kept ones (another version?)
                progress.note(uri + " cannot continue the partial download of " + b.name() + "; downloading it again");
            }
            part.discard();
            return fetchInto(part, b, uri, target, id, 0);
        }
    }

    /**
     * Streams {@code uri} into the partial download from byte {@code kept} on, after hashing the kept bytes (an
     * earlier run's), then verifies and commits it. The partial stays when the transfer fails, for the next
     * attempt or the next run.
     */
    private BundleStore.Stored fetchInto(PartialDownload part, Bundle b, String uri, BundleStore target, String id, long kept)
            throws IOException {
        CidHasher hasher = new CidHasher();
        PartialDownload.Source earlier = null;
        if (kept > 0) {
            earlier = part.recorded();
            try (FileChannel prefix = FileChannel.open(part.data(), StandardOpenOption.READ)) {
                HashPipeline.run(HashPipeline.source(prefix), hasher, null);
            }
            if (earlier != null && earlier.length() == kept) { // complete, but the run died before it was committed
                progress.note("found " + b.name() + " fully downloaded by an earlier run; verifying it");
                return part.commit(target, hasher, b, uri);
            }
        }
        BundleSource source = source(uri);
        try (ResumableStream in = ResumableStream.open(source, uri, b, net, progress, id, kept, earlier == null ? null : earlier.validator())) {
            if (in.start() > 0) {
                progress.note("resuming " + b.name() + " at byte " + in.start() + " (a partial download from an earlier run)");
            } else if (kept > 0) {
                progress.note(uri + " sent " + b.name() + " from the start (its content changed or it ignores ranges); not resuming");
                hasher = new CidHasher();
            }
            part.record(uri, in.validator(), in.totalLength());
            progress.started(id, b.name(), in.totalLength() < 0 ? -1 : in.totalLength() - in.start());
            try (FileChannel out = part.appendAt(in.start())) {
                HashPipeline.run(HashPipeline.source(in), hasher, HashPipeline.sink(out));
            }
            return part.commit(target, hasher, b, uri);
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
        if (scheme.equals("http") || scheme.equals("https")) return http;
        return Transports.forUri(uri, env);
    }

    private static CartiException.Kind worst(CartiException.Kind a, CartiException.Kind b) {
        if (a == CartiException.Kind.INTEGRITY || b == CartiException.Kind.INTEGRITY) return CartiException.Kind.INTEGRITY;
        if (a == CartiException.Kind.NETWORK || b == CartiException.Kind.NETWORK) return CartiException.Kind.NETWORK;
        return b == null ? a : b;
    }
}
