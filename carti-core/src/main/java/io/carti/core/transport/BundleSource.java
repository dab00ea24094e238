package io.carti.core.transport;

import io.carti.core.bundle.Bundle;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where a listing's {@code uri} leads: opens the bundle's bytes. Callers hash what they read and compare it
 * with the bundle's CID before anything enters a store, so a source never needs to verify.
 * Implementations are picked by uri scheme in {@link Transports}.
 */
public interface BundleSource {
    /**
     * Opens the bytes at {@code uri}, starting at byte {@code offset} (for resuming). A source that cannot
     * resume must throw {@link UnsupportedOperationException} when {@code offset > 0}.
     */
    InputStream open(String uri, Bundle bundle, long offset) throws IOException;
}
