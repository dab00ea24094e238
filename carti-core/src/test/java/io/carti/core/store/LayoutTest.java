package io.carti.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.carti.core.CartiEnv;
import io.carti.core.oci.RegistryCredentials;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayoutTest {
    @TempDir Path tmp;

    @Test
    void authJsonLivesInTheCartiHome() {
        CartiEnv plain = CartiEnv.of(tmp.resolve("proj"), tmp.resolve("home"), Map.of());
        assertThat(new Layout(plain).authJson()).isEqualTo(tmp.resolve("home/.carti/auth.json"));
        CartiEnv moved = CartiEnv.of(tmp.resolve("proj"), tmp.resolve("home"), Map.of("CARTI_HOME", tmp.resolve("ch").toString()));
        assertThat(new Layout(moved).authJson()).isEqualTo(tmp.resolve("ch/auth.json"));
        // carti login / logout use exactly this file
        assertThat(new RegistryCredentials(moved).cartiFile()).isEqualTo(tmp.resolve("ch/auth.json"));
    }
}
