package io.carti.core.transport.s3;

import io.carti.core.CartiEnv;
import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.transport.BundleSource;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Opens {@code s3://<bucket>/<key>} uris from listings with a signed GET (ranged when resuming). Endpoint, region,
 * path-style and credentials come from the same places as for {@code publish s3} ({@link S3Settings}): the
 * process environment ({@code AWS_ENDPOINT_URL}, {@code AWS_REGION}, …) and {@code <carti home>/s3.json}.
 */
public final class S3Source implements BundleSource {
    private final S3Settings fixed;
    private final Map<String, String> env;
    private final Path cartiHome;

    /** What {@code Transports} uses: settings from this process's environment and carti home. */
    public S3Source() { this(null, System.getenv(), defaultCartiHome(System.getenv())); }

    /** A source for one carti invocation: its environment variables and carti home. */
    public S3Source(CartiEnv env) { this(null, env.variables(), env.cartiHome()); }

    /** A source with settings resolved from a given environment and carti home. */
    public S3Source(Map<String, String> env, Path cartiHome) { this(null, env, cartiHome); }

    /** A source with explicit settings. */
    public S3Source(S3Settings settings) { this(settings, Map.of(), null); }

    private S3Source(S3Settings fixed, Map<String, String> env, Path cartiHome) {
        this.fixed = fixed;
        this.env = env;
        this.cartiHome = cartiHome;
    }

    @Override public InputStream open(String uri, Bundle bundle, long offset) throws IOException {
        S3Location loc = S3Location.parse(uri);
        S3Settings settings = fixed != null ? fixed : S3Settings.resolve(env, cartiHome, loc.bucket());
        S3Client s3 = S3Clients.build(settings);
        try {
            InputStream in = s3.getObject(r -> {
                r.bucket(loc.bucket()).key(loc.key());
                if (offset > 0) r.range("bytes=" + offset + "-");
            });
            return new FilterInputStream(in) {
                @Override public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        s3.close();
                    }
                }
            };
        } catch (SdkException e) {
            s3.close();
            throw standalone(S3Errors.translate(e, null, settings, loc.bucket()));
        } catch (RuntimeException e) {
            s3.close();
            throw e;
        }
    }

    /**
     * The translated error without the SDK exception as its cause: callers such as the installer name the uri and
     * show the message (a cause would be shown instead: the SDK's multi-line text). The SDK exception stays attached
     * as a suppressed one, for {@code --debug}.
     */
    private static CartiException standalone(CartiException e) {
        CartiException out = new CartiException(e.kind(), e.getMessage());
        if (e.getCause() != null) out.addSuppressed(e.getCause());
        return out;
    }

    private static Path defaultCartiHome(Map<String, String> env) {
        String ch = env.get("CARTI_HOME");
        return ch != null && !ch.isBlank() ? Path.of(ch) : io.carti.core.CartiEnv.home(env, System.getProperty("user.home")).resolve(".carti");
    }
}
