package io.carti.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PickerTest {
    static final Bundle A = new Bundle("rom", "a", "a.bin", "id-a", null, "1", "uri-a", null);
    static final Bundle B = new Bundle("rom", "a", "a.bin", "id-b", null, "2", "uri-b", null);
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Picker picker(String stdin) {
        return new Picker(new Console(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), false, false));
    }

    private Bundle pick(String stdin, boolean yes, List<Bundle> c) {
        return picker(stdin).pick("Which bundle would you like to install", c, yes, b -> b.describe(b.uri()));
    }

    @Test
    void yesAndSingleMatchNeedNoInput() {
        assertThat(pick("", true, List.of(A, B))).isEqualTo(A);
        assertThat(pick("", false, List.of(B))).isEqualTo(B);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void readsOneLineNumberOrEmptyForFirst() {
        assertThat(pick("2\n", false, List.of(A, B))).isEqualTo(B);
        assertThat(pick("\r\n", false, List.of(A, B))).isEqualTo(A); // what upstream's tests pipe in
        assertThat(err.toString()).contains("Which bundle would you like to install").contains("@rom/a:2:id-b:uri-b");
    }

    @Test
    void endOfInputFailsWithCandidatesAndHint() {
        assertThatThrownBy(() -> pick("", false, List.of(A, B))).isInstanceOf(CartiException.class)
                .hasMessageContaining("@rom/a:1:id-a:uri-a").hasMessageContaining("@rom/a:2:id-b:uri-b").hasMessageContaining("-y");
        assertThatThrownBy(() -> pick("7\n", false, List.of(A, B))).hasMessageContaining("invalid choice '7'");
    }

    @Test
    void noCandidates() {
        assertThatThrownBy(() -> pick("", true, List.of())).hasMessage("Could not find matching bundles");
    }
}
