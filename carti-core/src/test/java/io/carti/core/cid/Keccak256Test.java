package io.carti.core.cid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.api.Test;

/** carti's own Keccak-256 against Bouncy Castle's KeccakDigest (the independent oracle). */
class Keccak256Test {
    static byte[] oracle(byte[] data) {
        KeccakDigest d = new KeccakDigest(256);
        d.update(data, 0, data.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    @Test
    void publishedVectors() {
        assertThat(hex(Keccak256.hash(new byte[0])))
                .isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
        assertThat(hex(Keccak256.hash("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
    }

    /** The one-permutation forms the Merkle tree uses (8-, 32- and 64-byte messages as lanes) against Bouncy Castle. */
    @Test
    void oneBlockLaneFormsMatchBouncyCastle() {
        Random r = new Random(3);
        java.nio.ByteBuffer le = java.nio.ByteBuffer.allocate(64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[12];
        byte[] digest = new byte[32];
        for (int i = 0; i < 2000; i++) {
            byte[] msg = new byte[64];
            r.nextBytes(msg);
            if (i % 7 == 0) java.util.Arrays.fill(msg, 0, 32, (byte) 0); // zero words are hashed too
            le.clear();
            le.put(msg).flip();
            long[] lanes = new long[8];
            for (int k = 0; k < 8; k++) lanes[k] = le.getLong();
            Keccak256.hash8(lanes[0], out, 0);
            Keccak256.lanesToBytes(out, 0, digest, 0);
            assertThat(digest).as("8 bytes, case %d", i).isEqualTo(oracle(java.util.Arrays.copyOf(msg, 8)));
            Keccak256.hash32(lanes[0], lanes[1], lanes[2], lanes[3], out, 4);
            Keccak256.lanesToBytes(out, 4, digest, 0);
            assertThat(digest).as("32 bytes, case %d", i).isEqualTo(oracle(java.util.Arrays.copyOf(msg, 32)));
            long[] in = new long[12];
            System.arraycopy(lanes, 0, in, 2, 8);
            Keccak256.hash64(in, 2, in, 2); // output overlapping the input, as the tree folds in place
            Keccak256.lanesToBytes(in, 2, digest, 0);
            assertThat(digest).as("64 bytes, case %d", i).isEqualTo(oracle(msg));
        }
    }

    @Test
    void everyLengthUpTo1000MatchesBouncyCastle() {
        Random r = new Random(1);
        for (int len = 0; len <= 1000; len++) {
            byte[] data = new byte[len];
            r.nextBytes(data);
            assertThat(Keccak256.hash(data)).as("length %d", len).isEqualTo(oracle(data));
        }
    }

    /** Lengths around many multiples of the 136-byte rate, fed whole, byte by byte and split at every boundary. */
    @Test
    void blockBoundariesInEveryFeedingPattern() {
        Random r = new Random(2);
        for (int blocks = 1; blocks <= 40; blocks++) {
            for (int delta = -2; delta <= 2; delta++) {
                byte[] data = new byte[blocks * Keccak256.RATE + delta];
                r.nextBytes(data);
                byte[] expected = oracle(data);
                Keccak256 k = new Keccak256();
                for (int i = 0; i < data.length; i++) k.update(data, i, 1);
                assertThat(k.digest()).as("%d bytes one at a time", data.length).isEqualTo(expected);
                for (int at : new int[] {1, Keccak256.RATE - 1, Keccak256.RATE, Keccak256.RATE + 1, data.length / 2}) {
                    int split = Math.min(at, data.length);
                    k.update(data, 0, split).update(data, split, data.length - split);
                    assertThat(k.digest()).as("%d bytes split at %d", data.length, split).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void multiMebibyteInputInOddChunks() {
        Random r = new Random(3);
        byte[] data = new byte[5 * (1 << 20) + 12345];
        r.nextBytes(data);
        Keccak256 k = new Keccak256();
        int off = 0;
        while (off < data.length) {
            int n = Math.min(data.length - off, 1 + r.nextInt(300_000));
            k.update(data, off, n);
            off += n;
        }
        assertThat(k.digest()).isEqualTo(oracle(data));
    }

    @Test
    void digestResetsForReuseAndWritesAtOffset() {
        Keccak256 k = new Keccak256();
        k.update("something else".getBytes(StandardCharsets.US_ASCII), 0, 14).digest();
        byte[] out = new byte[40];
        k.update("abc".getBytes(StandardCharsets.US_ASCII), 0, 3).digest(out, 5);
        assertThat(hex(java.util.Arrays.copyOfRange(out, 5, 37)))
                .isEqualTo("4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
    }

    @Test
    void rejectsOutOfRangeSlices() {
        Keccak256 k = new Keccak256();
        assertThatThrownBy(() -> k.update(new byte[10], 5, 6)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> k.digest(new byte[31], 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    /** The fast path (state arrays through Unsafe) is the one the other tests exercise, on the JDKs that allow it. */
    @Test
    void usesUnsafeBeforeJdk24() {
        assertThat(Keccak256.usesUnsafe()).isEqualTo(Runtime.version().feature() < 24);
    }

    /**
     * The plain-array path (no jdk.unsupported module, or JDK 24+), streaming and one-permutation forms, against
     * Bouncy Castle: a child JVM started with {@code --limit-modules java.base}, where {@code sun.misc.Unsafe} does
     * not exist.
     */
    @Test
    void withoutUnsafeModuleMatchesBouncyCastle() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--limit-modules", "java.base", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Keccak256Digests.class.getName())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("child JVM finished").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        List<String> expected = new ArrayList<>(List.of("unsafe=false"));
        byte[][] inputs = Keccak256Digests.inputs();
        for (byte[] data : inputs) expected.add(hex(oracle(data)));
        for (int len : new int[] {8, 32, 64}) expected.add(hex(oracle(inputs[len])));
        assertThat(out.lines()).containsExactlyElementsOf(expected);
    }

    private static String hex(byte[] b) { return HexFormat.of().formatHex(b); }
}
