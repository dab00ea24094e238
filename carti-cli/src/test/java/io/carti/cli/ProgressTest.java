package io.carti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final Console console = new Console(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream(new byte[0]), true, false);
    final AtomicLong now = new AtomicLong();

    String err() { return err.toString(StandardCharsets.UTF_8); }

    @Test void theTerminalBarShowsBytesRateAndEta() {
        Progress p = new Progress(console, true, false, now::get);
        p.started("1", "rootfs", 64L << 20);
        now.set(1_000_000_000L);
        p.advanced("1", 32L << 20);
        assertThat(p.render(now.get())).isEqualTo("Fetching rootfs [============>           ] 32.0 MiB/64.0 MiB  32.0 MiB/s  ETA 1s");
        assertThat(err()).contains("\r\u001b[KFetching rootfs [");
        p.started("2", "kernel", -1);
        assertThat(p.render(now.get())).startsWith("Fetching 2 bundles 32.0 MiB  32.0 MiB/s");
        now.set(2_000_000_000L);
        p.advanced("1", 32L << 20);
        p.finished("1", true, null);
        assertThat(err()).contains("\r\u001b[K- fetched rootfs (64.0 MiB in 2.0 s, 32.0 MiB/s)\n");
    }

    @Test void withoutATerminalOnlyLinesAreWritten() {
        Progress p = new Progress(console, false, false, now::get);
        p.started("1", "rom", 7);
        p.advanced("1", 7);
        now.set(500_000_000L);
        p.finished("1", true, null);
        p.note("retrying http://h/rom.bin at byte 3 (attempt 2): timed out");
        assertThat(err()).isEqualTo("- fetched rom (7 B in 0.5 s, 14 B/s)\n- retrying http://h/rom.bin at byte 3 (attempt 2): timed out\n");
    }

    @Test void quietStillSaysWhenItWaitsForALock() {
        Progress p = new Progress(console, false, true, now::get);
        p.started("1", "rom", 7);
        p.finished("1", true, null);
        p.note("retrying");
        p.waiting("waiting for lock held by pid 1 (carti install) on /s");
        assertThat(err()).isEqualTo("- waiting for lock held by pid 1 (carti install) on /s\n");
    }

    @Test void sizesAndDurationsAreHumanReadable() {
        assertThat(Progress.bytes(1023)).isEqualTo("1023 B");
        assertThat(Progress.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Progress.bytes(5L << 30)).isEqualTo("5.0 GiB");
        assertThat(Progress.duration(59)).isEqualTo("59s");
        assertThat(Progress.duration(61)).isEqualTo("1m01s");
        assertThat(Progress.duration(3700)).isEqualTo("1h01m");
    }
}
