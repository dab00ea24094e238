package io.carti.core.oci;

import io.carti.core.CartiException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/** {@code carti publish oci}: pushes a bundle file as a carti artifact and returns where it now lives. */
public final class ArtifactPusher {
    private final RegistryClient client;

    public ArtifactPusher(RegistryClient client) { this.client = client; }

    /** What a bundle becomes in a registry, computed before anything is sent (the digest is deterministic). */
    public record Plan(Path file, Digest layer, long size, byte[] manifest, Digest manifestDigest) {}

    /** {@code reference} = {@code host/repo@sha256:…} (what {@code oci://} listings hold). */
    public record Pushed(Reference reference, Digest manifestDigest, Digest layerDigest, long size, boolean layerUploaded) {
        public String uri() { return "oci://" + reference.pinned(); }
    }

    public static Plan plan(Path file, String bundleType, String name, String version, String cid, String fileName) {
        try {
            long size = Files.size(file);
            Digest layer = sha256(file);
            byte[] manifest = CartiArtifact.manifest(bundleType, name, version, cid, fileName, layer, size);
            return new Plan(file, layer, size, manifest, Digest.sha256(manifest));
        } catch (IOException e) {
            throw new CartiException(CartiException.Kind.NOT_FOUND, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public Pushed push(Path file, String bundleType, String name, String version, String cid, String fileName, Reference target) {
        return push(plan(file, bundleType, name, version, cid, fileName), target, false);
    }

    /** Uploads the empty config and the layer (each unless the registry has it, or always with {@code force}), then the manifest. */
    public Pushed push(Plan p, Reference target, boolean force) {
        String repo = target.repository();
        client.pushBlob(repo, Digest.parse(MediaTypes.EMPTY_DIGEST), CartiArtifact.EMPTY);
        boolean upload = force || !client.blobExists(repo, p.layer());
        if (upload) client.pushBlob(repo, p.layer(), p.file(), force);
        String tagOrDigest = target.tag() != null ? target.tag() : p.manifestDigest().toString();
        Digest md = client.pushManifest(repo, tagOrDigest, p.manifest(), MediaTypes.OCI_MANIFEST);
        return new Pushed(target.withDigest(md), md, p.layer(), p.size(), upload);
    }

    static Digest sha256(Path file) throws IOException {
        MessageDigest md = Digest.messageDigest("sha256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
        }
        return Digest.of("sha256", md.digest());
    }
}
