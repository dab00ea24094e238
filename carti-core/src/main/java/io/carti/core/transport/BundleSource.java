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

    /**
     * What a source answered to a resumable request: the stream, the offset its first byte has ({@code offset} as
     * asked, or 0 when the source sent everything again), a validator naming this version of the content (a strong
     * ETag or a Last-Modified date; null when the source gives none) and the full length (-1 when unknown).
     */
    record Opened(InputStream stream, long start, String validator, long totalLength) {}

    /**
     * Opens {@code uri} at {@code offset} for a download that continues an earlier one: {@code ifRange} is the
     * validator the earlier bytes came with (null if none); a source that finds another version of the content, or
     * that cannot seek, answers from byte 0 instead (see {@link Opened#start()}). Sources without validators use
     * {@link #open(String, Bundle, long)}.
     */
    default Opened openFrom(String uri, Bundle bundle, long offset, String ifRange) throws IOException {
        if (offset > 0) {
            try {
                InputStream in = open(uri, bundle, offset);
                return new Opened(in, offset, null, in instanceof KnownLength k && k.remainingBytes() >= 0 ? offset + k.remainingBytes() : -1);
            } catch (UnsupportedOperationException e) {
                // cannot seek: start over
            }
        }
        InputStream in = open(uri, bundle, 0);
        return new Opened(in, 0, null, in instanceof KnownLength k ? k.remainingBytes() : -1);
    }
}
