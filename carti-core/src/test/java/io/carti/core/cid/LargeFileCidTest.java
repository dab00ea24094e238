package io.carti.core.cid;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hashing streams in constant memory: a 4 GiB sparse file hashes in a child JVM limited to 64 MiB of heap. */
class LargeFileCidTest {
    /**
     * CID of 4 GiB of zero bytes, computed independently of carti with pycryptodome's Keccak (Debian package
     * python3-pycryptodome):
     * <pre>
     * h = keccak.new(digest_bits=256); [h.update(bytes(1 &lt;&lt; 20)) for _ in range(4096)]
     * h2 = keccak.new(digest_bits=256, data=h.digest()).digest()
     * 'b' + base32(b'\x01\x1b\x1b\x20' + h2).lower().rstrip('=')
     * </pre>
     * (h1 = fe6d2dcce23929d055dbf766365bfbf57270e9eee81892e388d62bee1391f977). The same script reproduces the
     * contract's "hello" vector.
     */
    static final String ZEROS_4GIB = "baenrwidwjklkbanznsyyxwu5psqnb3bbt6usob6o2zuyczz4pvch3ippj4";

    @TempDir Path tmp;

    @Test
    void fourGibSparseFileHashesUnderSixtyFourMibOfHeap() throws Exception {
        Path sparse = tmp.resolve("sparse-4g.img");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(4L << 30);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                PrintCid.class.getName(), sparse.toString())
                .directory(tmp.toFile())
                .redirectErrorStream(true)
                .start();
        boolean exited = p.waitFor(5, TimeUnit.MINUTES);
        if (!exited) p.destroyForcibly();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(exited).as("child JVM finished").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).isEqualTo(ZEROS_4GIB);
        assertThat(Files.size(sparse)).isEqualTo(4L << 30);
    }
}
