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

    /**
     * {@code commit}: the abbreviated commit id, or null when nothing was committed; {@code listingInWorkTree}: the
     * listing's path in its git work tree with {@code --commit}, else null.
     */
    public record Result(Bundle entry, PublishTarget.Upload upload, BundlesJsonFile.Outcome listed, String commit,
                         String listingInWorkTree) {}

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
        // the target's uri may cost work (an OCI manifest digest hashes the file): the checks use a stand-in
        ListingCommitter committer = prepare(bundle, options.uri() != null ? options.uri() : "(" + target.where() + ")", options.commit());
        PublishTarget.Upload up;
        if (options.upload()) {
            up = target.upload(bundle, localFile(bundle), options.force(), progress);
        } else {
            up = new PublishTarget.Upload(target.uriFor(bundle), PublishTarget.Outcome.NOT_UPLOADED, 0);
        }
        String uri = options.uri() != null ? options.uri() : up.uri();
        return record(options.upload() ? entry(bundle, uri) : entryAsIndexed(bundle, uri), up, committer);
    }

    /** {@code publish uri}: lists {@code bundle} under a uri that is served elsewhere; nothing is uploaded. */
    public Result publishUri(Bundle bundle, String uri, boolean commit) {
        ListingCommitter committer = prepare(bundle, uri, commit);
        return record(entryAsIndexed(bundle, uri), new PublishTarget.Upload(uri, PublishTarget.Outcome.NOT_UPLOADED, 0), committer);
    }

    /**
     * Every check that can fail, run before anything is uploaded: the bundle's id, the listing (a corrupt file is an
     * error, B12), the entry it would get, and the git work tree for {@code --commit}.
     */
    private ListingCommitter prepare(Bundle bundle, String uri, boolean commit) {
        bundle.cid();
        listing.plan(entry(bundle, uri));
        ListingCommitter committer = commit ? new ListingCommitter(listing.file()) : null;
        if (committer != null) committer.requireWorkTree();
        return committer;
    }

    /** The listing entry: upstream's keys only (no local extras such as a desc). */
    private static Bundle entry(Bundle bundle, String uri) {
        if (uri == null || uri.isBlank()) throw new CartiException(CartiException.Kind.INVALID_INPUT, "the uri must not be empty");
        return new Bundle(bundle.bundleType(), bundle.name(), bundle.fileName(), bundle.id(), bundle.deps(), bundle.version(), uri, null);
    }

    /**
     * The entry of a publish that uploads nothing ({@code uri}, {@code --nosave}): upstream listed the index entry
     * itself with the new uri ({@code {...bundle, uri}}), so it keeps that entry's key order (an installed
     * bundle's is its listing's); an upload lists the entry in upstream's canonical order ({@link #entry}).
     */
    private static Bundle entryAsIndexed(Bundle bundle, String uri) {
        Bundle e = entry(bundle, uri);
        return new Bundle(e.bundleType(), e.name(), e.fileName(), e.id(), e.deps(), e.version(), e.uri(), null, bundle.keyOrder());
    }

    /**
     * Writes the entry and, for {@code --commit}, commits the listing whenever git does not hold it as written yet:
     * also when this publish left the file as it was (an earlier publish without {@code --commit}).
     */
    private Result record(Bundle entry, PublishTarget.Upload up, ListingCommitter committer) {
        BundlesJsonFile.Outcome listed = listing.add(entry);
        String commit = null;
        if (committer != null) {
            commit = committer.commitIfChanged("publish " + entry.name() + " " + entry.version() + " (" + entry.id() + ")\n\nuri: "
                    + entry.uri() + "\n");
        }
        return new Result(entry, up, listed, commit, committer == null ? null : committer.pathInWorkTree());
    }

    /** The bundle's bytes in the local store. */
    public Path localFile(Bundle bundle) {
        return layout.localStore().file(bundle.cid()).orElseThrow(() -> new CartiException(CartiException.Kind.NOT_FOUND,
                "the file of bundle " + bundle.name() + " is missing: " + layout.localStore().path(bundle.cid())
                        + " (bundle it again with 'carti bundle')"));
    }
}
