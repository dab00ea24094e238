package io.carti.core.publish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.bundle.Bundle;
import io.carti.core.store.BundleStore;
import java.nio.file.Path;

/**
 * {@code publish disk}: a bundle store directory ({@code <dir>/<cid>/<fileName>} + {@code carti-meta.json}) that
 * others read through the listing's uri. The recorded uri is the file itself, {@code <abs dir>/<cid>/<fileName>},
 * which {@code install} can fetch (upstream recorded the directory, B11).
 */
public final class DiskTarget implements PublishTarget {
    private final BundleStore store;

    public DiskTarget(Path dir) { this.store = new BundleStore(dir); }

    public Path dir() { return store.base(); }

    @Override public String where() { return "path:" + store.base(); }

    @Override public String uriFor(Bundle bundle) {
        return store.dir(bundle.cid()).resolve(bundle.fileName()).toString();
    }

    @Override public Upload upload(Bundle bundle, Path file, boolean force, ProgressListener progress) {
        String uri = uriFor(bundle);
        ObjectNode meta = bundle.withUri(uri).toJson();
        progress.started(bundle.name(), -1);
        // putFile hashes while copying and only renames into place when the bytes match the CID
        BundleStore.Stored stored = store.putFile(file, bundle.cid(), bundle.fileName(), meta, "bundle " + bundle.name());
        progress.finished();
        return new Upload(uri, Outcome.UPLOADED, stored.size());
    }
}
