package io.carti.core.install;

import io.carti.core.CartiEnv;
import io.carti.core.CartiException;
import java.time.Duration;

/**
 * Network settings of one invocation. Defaults suit real networks; the {@code CARTI_NET_*} environment
 * variables change them (tests use short timeouts and no backoff):
 * {@code CARTI_NET_CONNECT_TIMEOUT} and {@code CARTI_NET_READ_TIMEOUT} (seconds, decimals allowed),
 * {@code CARTI_NET_RETRIES} (attempts after the first) and {@code CARTI_NET_RETRY_DELAY_MS} (first backoff, doubled
 * on each retry).
 */
public record NetConfig(boolean offline, Duration connectTimeout, Duration readTimeout, int retries, Duration retryDelay) {

    public static NetConfig from(CartiEnv env, boolean offline) {
        return new NetConfig(offline,
                seconds(env, "CARTI_NET_CONNECT_TIMEOUT", 30),
                seconds(env, "CARTI_NET_READ_TIMEOUT", 60),
                (int) number(env, "CARTI_NET_RETRIES", 3),
                Duration.ofMillis((long) number(env, "CARTI_NET_RETRY_DELAY_MS", 500)));
    }

    /** The pause before retry number {@code attempt} (1-based): exponential, capped at 30 s. */
    public Duration backoff(int attempt) {
        long ms = retryDelay.toMillis() << Math.min(attempt - 1, 16);
        return Duration.ofMillis(Math.min(ms, 30_000));
    }

    private static Duration seconds(CartiEnv env, String name, double dflt) {
        return Duration.ofMillis((long) (number(env, name, dflt) * 1000));
    }

    private static double number(CartiEnv env, String name, double dflt) {
        String v = env.getenv(name);
        if (v == null || v.isBlank()) return dflt;
        try {
            double d = Double.parseDouble(v.trim());
            if (d < 0 || Double.isNaN(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, "environment variable " + name + "='" + v + "' is not a non-negative number");
        }
    }
}
