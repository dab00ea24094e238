package io.carti.core.cid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The read-ahead / write-behind pipeline: same bytes hashed and written, failures surface, nothing hangs. */
class HashPipelineTest {
    static final int C = CidHasher.CHUNK;
    @TempDir Path tmp;

    /** The CID computed with Bouncy Castle only (independent of Keccak256 and of the pipeline). */
    static Cid oracleCid(byte[] data) {
        return Cid.ofDigest(Keccak256Test.oracle(Keccak256Test.oracle(data)));
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, C - 1, C, C + 1, 2 * C, 5 * C + 3})
    void fileHashMatchesOracleAtChunkBoundaries(int size) throws IOException {
        byte[] data = random(size, size);
        Path f = Files.write(tmp.resolve("f"), data);
        assertThat(CidHasher.hash(f)).isEqualTo(oracleCid(data));
    }

    @Test
    void shortReadsAndCopyToSinkAreByteExact() throws IOException {
        byte[] data = random(3 * C + 777, 9);
        InputStream dribble = new ByteArrayInputStream(data) {
            final Random r = new Random(4);
            @Override public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + r.nextInt(70_000)));
            }
        };
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        CidHasher h = new CidHasher();
        HashPipeline.run(HashPipeline.source(dribble), h, copy::write);
        assertThat(h.count()).isEqualTo(data.length);
        assertThat(h.finish()).isEqualTo(oracleCid(data));
        assertThat(copy.toByteArray()).isEqualTo(data);
    }

    @Test
    void sourceFailureAfterSeveralChunksIsRethrown() {
        byte[] data = random(3 * C, 5);
        InputStream failing = new ByteArrayInputStream(data) {
            @Override public synchronized int read(byte[] b, int off, int len) {
                if (available() < C) throw new java.io.UncheckedIOException(new IOException("connection reset"));
                return super.read(b, off, len);
            }
        };
        assertThatThrownBy(() -> HashPipeline.run(HashPipeline.source(failing), new CidHasher(), null))
                .isInstanceOf(IOException.class).hasMessage("connection reset");
    }

    @Test
    void sinkFailureIsRethrownAndDoesNotHang() {
        byte[] data = random(6 * C, 6);
        HashPipeline.Sink full = (b, off, len) -> { throw new IOException("No space left on device"); };
        assertThatThrownBy(() -> HashPipeline.run(HashPipeline.source(new ByteArrayInputStream(data)), new CidHasher(), full))
                .isInstanceOf(IOException.class).hasMessage("No space left on device");
    }

    @Test
    void streamAndFileGiveTheSameCid() throws IOException {
        byte[] data = random(2 * C + 5, 8);
        Path f = Files.write(tmp.resolve("g"), data);
        assertThat(CidHasher.hash(new ByteArrayInputStream(data))).isEqualTo(CidHasher.hash(f));
    }

    @Test
    void oracleAgreesWithTheContractVector() {
        // guards the oracle itself: "hello" from §1.2 of the behaviour contract
        assertThat(oracleCid("hello".getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString())
                .isEqualTo("baenrwic5gakagfyum5usyghneve4rza6bq7xiuougvkdephvzun62zfsxm");
        assertThat(new KeccakDigest(256).getDigestSize()).isEqualTo(32);
    }
}
