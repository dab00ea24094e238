package io.carti.core.oci;

import io.carti.core.CartiEnv;
import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.transport.BundleSource;
import java.io.InputStream;

/**
 * {@code oci://host/repo@sha256:…} listing uris: fetches the artifact manifest (verified against the digest in
 * the uri), checks its CID annotation against the listing, and streams the layer (verified against its
 * descriptor). The caller's store then checks the carti CID of the bytes.
 */
public final class OciSource implements BundleSource {
    private final CartiEnv env;

    public OciSource() { this(CartiEnv.system()); }

    public OciSource(CartiEnv env) { this.env = env; }

    @Override public InputStream open(String uri, Bundle bundle, long offset) {
        if (offset > 0) throw new UnsupportedOperationException("oci:// downloads restart from the beginning");
        Reference ref = Reference.parse(uri);
        RegistryClient client = ImageSources.client(ref.registry(), env, false);
        RegistryClient.Manifest m = client.manifest(ref.repository(), ref.reference());
        String fileName = bundle != null ? bundle.fileName() : null;
        CartiArtifact.Parsed a = CartiArtifact.parse(m.bytes(), fileName, uri);
        String cid = a.annotations().get(CartiArtifact.CID);
        if (bundle != null && bundle.id() != null && cid != null && !cid.equals(bundle.id())) {
            throw new CartiException(CartiException.Kind.INTEGRITY, uri + " holds bundle " + cid + ", but the listing expects " + bundle.id());
        }
        return client.blob(ref.repository(), a.layer());
    }
}
