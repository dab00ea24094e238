package io.carti.core.machine;

import io.carti.core.CartiException;
import java.io.IOException;
import java.io.InputStream;

/** Upstream's {@code run-config.lua} (§8), written by {@code machine build -r}: boots a config in the playground image. */
public final class RunScript {
    public static final String FILE = "run-config.lua";

    private RunScript() {}

    public static byte[] bytes() {
        try (InputStream in = RunScript.class.getClassLoader().getResourceAsStream(FILE)) {
            if (in == null) throw new CartiException(FILE + " is missing from the carti-core jar");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new CartiException("cannot read " + FILE + " from the carti-core jar: " + e.getMessage(), e);
        }
    }
}
