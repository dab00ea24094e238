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

    /** {@code reference} = {@code host/repo@sha256:…} (what {@code oci://} listings hold). */
    public record Pushed(Reference reference, Digest manifestDigest, Digest layerDigest, long size) {
        public String uri() { return "oci://" + reference.pinned(); }
    }

    public Pushed push(Path file, String bundleType, String name, String version, String cid, String fileName, Reference target) {
        Digest layer;
        long size;
        try {
            size = Files.size(file);
            layer = sha256(file);
        } catch (IOException e) {
            throw new CartiException(CartiException.Kind.NOT_FOUND, "cannot read " + file + ": " + e.getMessage(), e);
        }
        String repo = target.repository();
        client.pushBlob(repo, Digest.parse(MediaTypes.EMPTY_DIGEST), CartiArtifact.EMPTY);
        client.pushBlob(repo, layer, file);
        byte[] manifest = CartiArtifact.manifest(bundleType, name, version, cid, fileName, layer, size);
        String tagOrDigest = target.tag() != null ? target.tag() : Digest.sha256(manifest).toString();
        Digest md = client.pushManifest(repo, tagOrDigest, manifest, MediaTypes.OCI_MANIFEST);
        return new Pushed(target.withDigest(md), md, layer, size);
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
