package io.carti.core.oci;

import io.carti.core.CartiEnv;
import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.transport.BundleSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code oci://host/repo@sha256:…} listing uris: fetches the artifact manifest (verified against the digest in
 * the uri), checks its CID annotation against the listing, and streams the layer (verified against its
 * descriptor). The caller's store then checks the carti CID of the bytes.
 * <p>
 * Resuming (an {@code offset}, after the installer saw the stream break): the blob is requested with
 * {@code Range} and the stream that broke goes on hashing, so the blob's digest is still checked over every
 * byte. Without such a stream (another source instance) the blob is fetched from its start and the first
 * {@code offset} bytes are hashed and skipped.
 */
public final class OciSource implements BundleSource {
    private final CartiEnv env;
    /** uri → the last stream handed out for it (its hashing state, to resume) */
    private final Map<String, VerifyingInputStream> streams = new ConcurrentHashMap<>();

    public OciSource() { this(CartiEnv.system()); }

    public OciSource(CartiEnv env) { this.env = env; }

    @Override public InputStream open(String uri, Bundle bundle, long offset) throws IOException {
        Reference ref = Reference.parse(uri);
        try {
            RegistryClient client = ImageSources.client(ref.registry(), env, false);
            RegistryClient.Manifest m = client.manifest(ref.repository(), ref.reference());
            String fileName = bundle != null ? bundle.fileName() : null;
            CartiArtifact.Parsed a = CartiArtifact.parse(m.bytes(), fileName, uri);
            String cid = a.annotations().get(CartiArtifact.CID);
            if (bundle != null && bundle.id() != null && cid != null && !cid.equals(bundle.id())) {
                throw new CartiException(CartiException.Kind.INTEGRITY, uri + " holds bundle " + cid + ", but the listing expects " + bundle.id());
            }
            VerifyingInputStream broken = offset > 0 ? streams.get(uri) : null;
            VerifyingInputStream s;
            if (broken != null && broken.count() == offset && broken.expected().equals(a.layer().digest())) {
                s = broken.continueWith(client.blobFrom(ref.repository(), a.layer(), offset));
            } else {
                s = client.blob(ref.repository(), a.layer());
                if (offset > 0) s.skipNBytes(offset);
            }
            streams.put(uri, s);
            return s;
        } catch (CartiException e) {
            // a resume that cannot reach the registry is a transient failure: the installer retries it with backoff
            if (offset > 0 && e.kind() == CartiException.Kind.NETWORK && e.getCause() instanceof IOException io) throw io;
            if (e.kind() == CartiException.Kind.NETWORK && e.getMessage().contains("cannot reach https://")) {
                throw new CartiException(e.kind(), e.getMessage() + "; for a plain-http registry set "
                        + ImageSources.PLAIN_HTTP_HOSTS + "=" + ref.registry()); // no cause: the installer would print the cause's message
            }
            throw e;
        }
    }
}
