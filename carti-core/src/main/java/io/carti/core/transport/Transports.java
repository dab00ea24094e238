package io.carti.core.transport;

import io.carti.core.CartiException;
import java.util.Map;

/**
 * Picks the {@link BundleSource} for a uri by scheme. Implementations are loaded by class name on first use,
 * so the AWS SDK (s3://) and the registry client (oci://) cost nothing to commands that never touch them.
 */
public final class Transports {
    private static final Map<String, String> BY_SCHEME = Map.of(
            "http", "io.carti.core.transport.HttpSource",
            "https", "io.carti.core.transport.HttpSource",
            "file", "io.carti.core.transport.DiskSource",
            "s3", "io.carti.core.transport.s3.S3Source",
            "oci", "io.carti.core.oci.OciSource");

    private Transports() {}

    /** The uri's scheme, or {@code file} for a plain path (upstream's "no protocol → disk"). */
    public static String scheme(String uri) {
        int i = uri.indexOf("://");
        if (i <= 0) return "file";
        return uri.substring(0, i).toLowerCase();
    }

    public static BundleSource forUri(String uri) {
        String cls = BY_SCHEME.get(scheme(uri));
        if (cls == null) throw new CartiException(CartiException.Kind.INVALID_INPUT, "unsupported uri scheme in '" + uri + "'");
        try {
            return (BundleSource) Class.forName(cls).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new CartiException("no transport available for '" + uri + "' (" + cls + ")", e);
        }
    }
}
