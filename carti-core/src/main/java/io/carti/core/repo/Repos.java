package io.carti.core.repo;

import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.install.NetConfig;
import io.carti.core.install.ProgressListener;
import io.carti.core.install.StoreLock;
import io.carti.core.listing.Listing;
import io.carti.core.store.Layout;
import io.carti.core.transport.HttpSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The repos a user has added and their cached listings ({@code ~/.carti/.bundles_index.json}, §3.7): add, update
 * (one or all, B14), remove, list. A listing that cannot be fetched or does not validate never replaces the
 * cached copy. Git repos are fetched into {@code ~/.carti/cache/git/}.
 */
public final class Repos {
    private static final long MAX_LISTING = 64L << 20;
    private final Layout layout;
    private final NetConfig net;
    private final ProgressListener progress;

    public Repos(Layout layout, NetConfig net, ProgressListener progress) {
        this.layout = layout;
        this.net = net;
        this.progress = progress;
    }

    /** The result of fetching one repo. {@code commit} is set for git repos. */
    public record Fetched(String key, List<Bundle> bundles, String commit) {}

    /** A repo that failed to refresh, and why. */
    public record Failure(String key, String message) {}

    /** What {@code repo update} did: the refreshed repos and the failed ones (which kept their old listing). */
    public record UpdateReport(List<Fetched> updated, List<Failure> failed) {}

    public Path gitCache() { return layout.cartiHome().resolve("cache").resolve("git"); }

    /** Fetches {@code src}'s listing and stores it under its key (replacing an older copy). */
    public Fetched add(String src) {
        RepoLocation loc = RepoLocation.parse(src, layout.env());
        // a listing that cannot be read creates nothing, not even ~/.carti (upstream mkdirs only to write); git
        // repos are fetched under the lock since they share the clone cache in ~/.carti
        Fetched early = loc.kind() == RepoLocation.Kind.GIT ? null : fetch(loc);
        try (StoreLock l = lock("repo add")) {
            Fetched f = early != null ? early : fetch(loc);
            layout.repoCache().put(loc.key(), f.bundles());
            return f;
        }
    }

    /** Refreshes every cached repo, in order; a failure is reported and leaves that repo's listing as it was. */
    public UpdateReport updateAll() {
        List<Fetched> ok = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        if (!Files.exists(layout.repoCache().file())) return new UpdateReport(ok, failed); // no repos: create nothing
        try (StoreLock l = lock("repo update")) {
            for (String key : layout.repoCache().read().keySet()) {
                try {
                    Fetched f = fetch(RepoLocation.parse(key, layout.env()));
                    layout.repoCache().put(key, f.bundles());
                    ok.add(f);
                } catch (CartiException e) {
                    failed.add(new Failure(key, e.getMessage()));
                }
            }
        }
        return new UpdateReport(ok, failed);
    }

    /** The repo keys, in the order they were added. */
    public List<String> list() { return new ArrayList<>(layout.repoCache().read().keySet()); }

    /** Whether the cache already knows this repo (same normalisation as add). */
    public boolean knows(String src) { return layout.repoCache().contains(RepoLocation.key(src, layout.env())); }

    /** Forgets a repo; unknown repos are a no-op (upstream). Returns whether it was known. */
    public boolean remove(String src) {
        String key = RepoLocation.key(src, layout.env());
        if (!Files.exists(layout.repoCache().file())) return false; // no repos: create nothing (upstream)
        try (StoreLock l = lock("repo rm")) {
            boolean known = layout.repoCache().contains(key);
            layout.repoCache().remove(key);
            return known;
        }
    }

    /** Reads and validates a repo's listing without storing it. */
    public Fetched fetch(RepoLocation loc) {
        if (net.offline() && loc.needsNetwork()) {
            throw new CartiException(CartiException.Kind.NETWORK, "--offline forbids fetching repo " + loc.key()
                    + "; its cached listing is kept");
        }
        return switch (loc.kind()) {
            case FILE -> {
                progress.note("reading " + loc.path());
                yield new Fetched(loc.key(), Listing.readStrict(loc.path()), null);
            }
            case HTTP -> new Fetched(loc.key(), Listing.parseStrict(download(loc.url()), loc.key()), null);
            case GIT -> {
                progress.note("fetching " + loc.url() + (loc.ref() != null ? " at " + loc.ref() : ""));
                GitListingFetcher.Fetched g = new GitListingFetcher(gitCache(), layout.env()).fetch(loc.url(), loc.ref(), loc.key());
                yield new Fetched(loc.key(), Listing.parseStrict(g.text(), loc.key() + " (bundles.json at " + g.commit().substring(0, 12) + ")"), g.commit());
            }
        };
    }

    private String download(String url) {
        HttpSource http = new HttpSource(net.connectTimeout(), net.readTimeout());
        try (InputStream in = http.open(url, null, 0)) {
            byte[] b = in.readNBytes((int) MAX_LISTING + 1);
            if (b.length > MAX_LISTING) throw new CartiException(CartiException.Kind.INVALID_INPUT, "listing " + url + " is over 64 MiB");
            return new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CartiException(CartiException.Kind.NETWORK, "cannot fetch repo " + url + ": " + e.getMessage(), e);
        }
    }

    private StoreLock lock(String command) {
        return StoreLock.acquire(layout.cartiHome(), command, progress);
    }
}
