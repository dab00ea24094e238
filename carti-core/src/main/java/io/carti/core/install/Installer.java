package io.carti.core.install;

import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.cid.Cid;
import io.carti.core.store.BundleStore;
import io.carti.core.store.FileNames;
import io.carti.core.store.Layout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Puts bundles into the local or global store and records them in that store's installed index (§3.3, §3.13).
 * A bundle already in the target store is not fetched again (B26). Otherwise the sources are tried in order:
 * a copy in the other store (no network), the bundle's own uri, then every other uri any listing or index
 * gives for the same CID (B25). Callers hold the store's {@link #lock} around installs.
 */
public final class Installer {
    private final Layout layout;
    private final Downloader downloader;
    private final NetConfig net;

    public Installer(Layout layout, NetConfig net, ProgressListener progress) {
        this.layout = layout;
        this.net = net;
        this.downloader = new Downloader(layout.env(), net, progress);
    }

    /** One installed bundle: where it is, and whether this call fetched it. */
    public record Installed(Bundle bundle, Path path, boolean fetched) {}

    /** Locks the store an install writes to (and its index), telling {@code progress} if it has to wait. */
    public static StoreLock lock(Layout layout, boolean global, String command, ProgressListener progress) {
        return StoreLock.acquire(layout.store(global).base(), command, progress);
    }

    /** Makes sure {@code b} is in the chosen store and its index; fetches it when missing or when {@code force}. */
    public Installed install(Bundle b, boolean global, boolean force) {
        Installed result = place(b, global, force);
        if (!result.fetched() && b.fileName() != null && !result.path().getFileName().toString().equals(b.fileName())) {
            // the store holds these bytes under another name (e.g. bundled locally as "myrom.bin"); upstream always
            // re-downloaded, so the listing's file, metadata and index key take over: copied (and verified) from the
            // file already here, no network. The other name stays, as upstream left it.
            BundleStore.Stored s = downloader.fetch(b, List.of(result.path().toString()), layout.store(global));
            result = new Installed(b, s.path(), true);
        }
        record(result, global);
        return result;
    }

    /**
     * {@link #install} without the index entry: parallel callers (machine install -j) {@link #record} their
     * results afterwards in the package's order, so the index keys come out in the order upstream wrote them.
     */
    public Installed place(Bundle b, boolean global, boolean force) {
        requireSafeName(b);
        BundleStore target = layout.store(global);
        Cid cid = b.cid();
        Optional<Path> present = force ? Optional.empty() : target.file(cid);
        Installed result;
        if (present.isPresent()) {
            result = new Installed(b, present.get(), false);
        } else {
            BundleStore.Stored s = downloader.fetch(b, sources(b, global), target);
            result = new Installed(b, s.path(), true);
        }
        return result;
    }

    /** Records {@code i} in the installed index of its store (key: the stored file, value: the bundle as listed). */
    public synchronized void record(Installed i, boolean global) { // parallel installs share one index file
        layout.installedIndex(global).put(i.path().toString(), List.of(i.bundle()));
    }

    /**
     * Fails early, before any lock or directory is created, when {@code --offline} leaves no way to get {@code b}:
     * it is not in the target store and every source needs the network.
     */
    public void checkReachable(Bundle b, boolean global, boolean force) {
        requireSafeName(b);
        if (!net.offline() || (!force && layout.store(global).file(b.cid()).isPresent())) return;
        List<String> uris = sources(b, global);
        if (uris.stream().map(downloader::resolve).allMatch(Downloader::isNetwork)) throw Downloader.offline(b, uris);
    }

    /** {@link #checkReachable} for a bundle that may be in either store already (machine install). */
    public void checkReachableOrThrow(Bundle b) {
        requireSafeName(b);
        if (layout.localStore().file(b.cid()).isPresent() || layout.globalStore().file(b.cid()).isPresent()) return;
        checkReachable(b, false, false);
    }

    /**
     * B27 before anything is fetched: a listed file name with a path cannot be stored, so it fails here rather
     * than after a download that leaves a partial file behind.
     */
    private static void requireSafeName(Bundle b) {
        if (b.fileName() != null) FileNames.requireSafe(b.fileName(), "bundle " + b.name());
    }

    /** Where {@code b}'s bytes can come from, best first, without repeats. */
    public List<String> sources(Bundle b, boolean global) {
        Set<String> uris = new LinkedHashSet<>();
        layout.store(!global).file(b.cid()).ifPresent(p -> uris.add(p.toString()));
        if (b.uri() != null) uris.add(b.uri());
        for (Bundle other : sameId(b.id())) if (other.uri() != null) uris.add(other.uri());
        return new ArrayList<>(uris);
    }

    /** Every listing and index entry for {@code id}: repo cache, then the local and global indexes (B25). */
    public List<Bundle> sameId(String id) {
        List<Bundle> all = new ArrayList<>(layout.repoCache().byId(id));
        all.addAll(layout.localIndex().byId(id));
        all.addAll(layout.globalIndex().byId(id));
        return all;
    }

    /**
     * The bundles a reference names: {@code name}, {@code name@version} or a CID. Names are looked up in the repo
     * listings (upstream's install); a CID also in the installed indexes. Empty when nothing matches.
     */
    public List<Bundle> candidates(String ref) {
        if (Cid.isCid(ref)) {
            // one CID = one content: the first entry names it, sources() gathers every uri of the others
            List<Bundle> byId = sameId(ref);
            return byId.isEmpty() ? List.of() : List.of(byId.get(0));
        }
        List<Bundle> exact = layout.repoCache().byName(ref);
        if (!exact.isEmpty()) return exact;
        int at = ref.lastIndexOf('@');
        if (at > 0) {
            String name = ref.substring(0, at);
            String version = ref.substring(at + 1);
            return layout.repoCache().byName(name).stream().filter(b -> version.equals(b.version())).toList();
        }
        return List.of();
    }

    /** A readable "not found" for a reference, hinting at the repo commands. */
    public static CartiException notFound(String ref) {
        return new CartiException(CartiException.Kind.NOT_FOUND, "Could not find matching bundles for '" + ref
                + "' in the added repos (see 'carti repo list'; add one with 'carti repo add <repo>')");
    }
}
