package io.carti.core.publish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.bundle.Bundle;
import io.carti.core.cid.Cid;
import io.carti.core.store.BundleStore;
import java.io.IOException;
import java.nio.file.Files;
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
        if (!force && holdsSameBytes(bundle, file)) return new Upload(uri, Outcome.SKIPPED, 0);
        progress.started(bundle.name(), -1);
        // putFile hashes while copying and only renames into place when the bytes match the CID
        BundleStore.Stored stored = store.putFile(file, bundle.cid(), bundle.fileName(), meta, "bundle " + bundle.name());
        progress.finished();
        return new Upload(uri, Outcome.UPLOADED, stored.size());
    }

    /**
     * The store is content-addressed: a file of the same size under the CID's directory, recorded under that CID
     * by its metadata, is taken as the same bytes (as S3's HEAD check does); {@code --force} copies anyway.
     */
    private boolean holdsSameBytes(Bundle bundle, Path file) {
        Cid cid = bundle.cid();
        Path existing = store.dir(cid).resolve(bundle.fileName());
        try {
            return Files.isRegularFile(existing) && Files.size(existing) == Files.size(file)
                    && store.meta(cid).map(m -> bundle.id().equals(m.path("id").asText(null))).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }
}
