package io.carti.core.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carti.core.CartiException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReadAheadStreamTest {
    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void deliversEveryByteInOrderAcrossChunks() throws IOException {
        byte[] data = random(3 * ReadAheadStream.CHUNK + 12_345);
        try (ReadAheadStream in = new ReadAheadStream(new ByteArrayInputStream(data), "test")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void theProducersErrorsReachTheReaderAsThrown() throws IOException {
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(random(1000)), new InputStream() {
            @Override public int read() throws IOException { throw new IOException("disk on fire"); }
        });
        try (ReadAheadStream in = new ReadAheadStream(failing, "test")) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasMessage("disk on fire");
        }
        InputStream integrity = new InputStream() {
            @Override public int read() { throw new CartiException(CartiException.Kind.INTEGRITY, "blob x: digest mismatch"); }
        };
        try (ReadAheadStream in = new ReadAheadStream(integrity, "test")) {
            assertThatThrownBy(in::read).isInstanceOf(CartiException.class).hasMessage("blob x: digest mismatch");
        }
    }

    @Test
    void closingEarlyStopsTheProducerAndClosesItsStream() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        InputStream endless = new InputStream() {
            @Override public int read() { return 7; }

            @Override public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 7);
                return len;
            }

            @Override public void close() { closed.countDown(); }
        };
        ReadAheadStream in = new ReadAheadStream(endless, "test");
        assertThat(in.read()).isEqualTo(7);
        in.close();
        assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(in.read()).isEqualTo(-1);
    }
}
