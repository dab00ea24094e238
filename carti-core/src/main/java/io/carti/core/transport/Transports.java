package io.carti.core.transport;

import io.carti.core.CartiEnv;
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

    public static BundleSource forUri(String uri) { return forUri(uri, null); }

    /**
     * The source for {@code uri}, configured from {@code env} (credentials, endpoints, carti home) when the
     * implementation has a {@code (CartiEnv)} constructor, so a run never reads another run's settings.
     */
    public static BundleSource forUri(String uri, CartiEnv env) {
        String cls = BY_SCHEME.get(scheme(uri));
        if (cls == null) throw new CartiException(CartiException.Kind.INVALID_INPUT, "unsupported uri scheme in '" + uri + "'");
        try {
            Class<?> c = Class.forName(cls);
            if (env != null) {
                try {
                    return (BundleSource) c.getDeclaredConstructor(CartiEnv.class).newInstance(env);
                } catch (NoSuchMethodException ignored) { /* falls back to the no-argument constructor */ }
            }
            return (BundleSource) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new CartiException("no transport available for '" + uri + "' (" + cls + ")", e);
        }
    }
}
