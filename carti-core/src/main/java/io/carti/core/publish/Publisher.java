package io.carti.core.publish;

import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.listing.BundlesJsonFile;
import io.carti.core.store.Layout;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code carti publish} (§3.2): a bundle from the LOCAL installed index goes to a target, then its entry (with the
 * uri where others can fetch it) is recorded in {@code ./bundles.json}, optionally committed to git.
 * Every check that can fail (listing readable, git work tree, local file present) runs before anything is uploaded,
 * and the listing is written only after the upload succeeded.
 */
public final class Publisher {
    private final Layout layout;
    private final BundlesJsonFile listing;

    public Publisher(Layout layout) {
        this.layout = layout;
        this.listing = new BundlesJsonFile(layout.bundlesJson());
    }

    public BundlesJsonFile listing() { return listing; }

    /** What to do besides choosing the bundle. {@code uri} overrides the target's uri when not null. */
    public record Options(String uri, boolean upload, boolean force, boolean commit) {
        public static Options recordOnly(String uri, boolean commit) { return new Options(uri, false, false, commit); }
    }

    public record Result(Bundle entry, PublishTarget.Upload upload, BundlesJsonFile.Outcome listed, String commit) {}

    /** Upstream's candidates: the local installed index only, by name. */
    public List<Bundle> candidates(String name) {
        List<Bundle> found = layout.localIndex().byName(name);
        if (found.isEmpty()) {
            throw new CartiException(CartiException.Kind.NOT_FOUND, "no bundle named '" + name + "' in the local index "
                    + layout.localIndexDir() + " (publish takes bundles made here with 'carti bundle' or installed without -g)");
        }
        return found;
    }

    /** Uploads {@code bundle} to {@code target} (unless {@code !options.upload()}) and lists it. */
    public Result publish(Bundle bundle, PublishTarget target, Options options, ProgressListener progress) {
        bundle.cid(); // an entry with a broken id is refused before anything happens
        listing.bundles(); // a corrupt listing fails now, not after the upload (B12)
        ListingCommitter committer = options.commit() ? new ListingCommitter(listing.file()) : null;
        if (committer != null) committer.requireWorkTree();
        PublishTarget.Upload up;
        if (options.upload()) {
            up = target.upload(bundle, localFile(bundle), options.force(), progress);
        } else {
            up = new PublishTarget.Upload(target.uriFor(bundle), PublishTarget.Outcome.NOT_UPLOADED, 0);
        }
        String uri = options.uri() != null ? options.uri() : up.uri();
        return record(bundle, uri, up, committer);
    }

    /** {@code publish uri}: lists {@code bundle} under a uri that is served elsewhere; nothing is uploaded. */
    public Result publishUri(Bundle bundle, String uri, boolean commit) {
        bundle.cid();
        listing.bundles();
        ListingCommitter committer = commit ? new ListingCommitter(listing.file()) : null;
        if (committer != null) committer.requireWorkTree();
        return record(bundle, uri, new PublishTarget.Upload(uri, PublishTarget.Outcome.NOT_UPLOADED, 0), committer);
    }

    private Result record(Bundle bundle, String uri, PublishTarget.Upload up, ListingCommitter committer) {
        if (uri == null || uri.isBlank()) throw new CartiException(CartiException.Kind.INVALID_INPUT, "the uri must not be empty");
        // the listing entry has upstream's keys only (no local extras such as a desc)
        Bundle entry = new Bundle(bundle.bundleType(), bundle.name(), bundle.fileName(), bundle.id(), bundle.deps(),
                bundle.version(), uri, null);
        BundlesJsonFile.Outcome listed = listing.add(entry);
        String commit = null;
        if (committer != null && listed.change() != BundlesJsonFile.Change.UNCHANGED) {
            commit = committer.commit("publish " + entry.name() + " " + entry.version() + " (" + entry.id() + ")\n\nuri: " + uri + "\n");
        }
        return new Result(entry, up, listed, commit);
    }

    /** The bundle's bytes in the local store. */
    public Path localFile(Bundle bundle) {
        return layout.localStore().file(bundle.cid()).orElseThrow(() -> new CartiException(CartiException.Kind.NOT_FOUND,
                "the file of bundle " + bundle.name() + " is missing: " + layout.localStore().path(bundle.cid())
                        + " (bundle it again with 'carti bundle')"));
    }
}
