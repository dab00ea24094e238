package io.carti.core.oci;

/** An image in a registry, pulled by tag or digest. */
public final class RegistryImage implements ImageSource {
    private final Reference ref;
    private final RegistryClient client;

    public RegistryImage(Reference ref, RegistryClient client) {
        this.ref = ref;
        this.client = client;
    }

    @Override public ResolvedImage resolve(Platform platform) {
        RegistryClient.Manifest m = client.manifest(ref.repository(), ref.reference());
        return new ImageResolver(client.blobs(ref.repository()), ref.toString(), platform).resolve(m.bytes(), m.digest(), null);
    }

    @Override public void close() { /* connections are pooled by OkHttp */ }
}
