package io.carti.core.oci;

import io.carti.core.bundle.Bundle;
import io.carti.core.publish.ProgressListener;
import io.carti.core.publish.PublishTarget;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * {@code carti publish oci}: a registry repository as a publish target. The listing records
 * {@code oci://host/repo@sha256:<manifest>}, a digest computed from the bundle before anything is pushed.
 */
public final class OciPublishTarget implements PublishTarget {
    private final RegistryClient client;
    private final Reference target;
    private final Function<Bundle, Path> localFile;
    private ArtifactPusher.Pushed pushed;

    public OciPublishTarget(RegistryClient client, Reference target, Function<Bundle, Path> localFile) {
        this.client = client;
        this.target = target;
        this.localFile = localFile;
    }

    private ArtifactPusher.Plan plan(Bundle b, Path file) {
        return ArtifactPusher.plan(file, b.bundleType(), b.name(), b.version(), b.id(), b.fileName());
    }

    @Override public String where() {
        return pushed != null ? target + "@" + pushed.manifestDigest() : target.toString();
    }

    @Override public String uriFor(Bundle bundle) {
        return "oci://" + target.withDigest(plan(bundle, localFile.apply(bundle)).manifestDigest()).pinned();
    }

    @Override public Upload upload(Bundle bundle, Path file, boolean force, ProgressListener progress) {
        ArtifactPusher.Plan p = plan(bundle, file);
        progress.started(bundle.fileName(), p.size());
        pushed = new ArtifactPusher(client).push(p, target, force);
        return new Upload(pushed.uri(), pushed.layerUploaded() ? Outcome.UPLOADED : Outcome.SKIPPED, pushed.layerUploaded() ? p.size() : 0);
    }

    public ArtifactPusher.Pushed pushed() { return pushed; }
}
