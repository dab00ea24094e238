package io.carti.core.store;

import io.carti.core.bundle.Bundle;
import io.carti.core.cid.Cid;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Read-side queries over the local and global stores and indexes: {@code which}, {@code list}, {@code get}
 * (§3.4–3.6).
 */
public final class InstalledBundles {
    private final Layout layout;

    public InstalledBundles(Layout layout) { this.layout = layout; }

    public enum Scope { LOCAL, GLOBAL }

    /** A bundle known to an installed index, with the store path it resolves to. */
    public record Located(Bundle bundle, Scope scope, Path path) {}

    /** A {@code list} line's data: the bundle and its tag (local, global, or a repo's uri / uninstalled). */
    public record Listed(Bundle bundle, String tag) {}

    /** {@code which}: every local-index match, then every global-index match. */
    public List<Located> which(String name) {
        List<Located> out = new ArrayList<>();
        for (Bundle b : layout.localIndex().byName(name)) out.add(locate(b, Scope.LOCAL));
        for (Bundle b : layout.globalIndex().byName(name)) out.add(locate(b, Scope.GLOBAL));
        return out;
    }

    /** {@code list [--all]}: local, global, then (with all) every repo listing entry. */
    public List<Listed> list(boolean all) {
        List<Listed> out = new ArrayList<>();
        // loops, not lambdas: list is a start-up-bound command (see Main.Handlers)
        for (var e : layout.localIndex().entries()) out.add(new Listed(e.bundle(), "local"));
        for (var e : layout.globalIndex().entries()) out.add(new Listed(e.bundle(), "global"));
        if (all) {
            for (var e : layout.repoCache().entries()) {
                out.add(new Listed(e.bundle(), e.bundle().uri() != null ? e.bundle().uri() : "uninstalled"));
            }
        }
        return out;
    }

    /**
     * {@code get}'s candidates: global ? global index : local index ++ global index, deduplicated by id (first wins).
     */
    public List<Bundle> getCandidates(String name, boolean global) {
        List<Bundle> all = new ArrayList<>();
        if (!global) all.addAll(layout.localIndex().byName(name));
        all.addAll(layout.globalIndex().byName(name));
        Set<String> seen = new LinkedHashSet<>();
        List<Bundle> out = new ArrayList<>();
        for (Bundle b : all) if (seen.add(b.id())) out.add(b);
        return out;
    }

    /** {@code get}'s path rule: -g → global path; else local if the local store has the cid, else global. */
    public Located resolveForGet(Bundle b, boolean global) {
        Cid cid = b.cid();
        if (global) return new Located(b, Scope.GLOBAL, layout.globalStore().path(cid));
        if (layout.localStore().exists(cid)) return new Located(b, Scope.LOCAL, layout.localStore().path(cid));
        return new Located(b, Scope.GLOBAL, layout.globalStore().path(cid));
    }

    private Located locate(Bundle b, Scope scope) {
        BundleStore store = scope == Scope.LOCAL ? layout.localStore() : layout.globalStore();
        return new Located(b, scope, store.path(b.cid()));
    }
}
