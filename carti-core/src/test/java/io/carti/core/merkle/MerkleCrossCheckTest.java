package io.carti.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Merkle root of random files against an independent implementation: a recursive Python tree over
 * pycryptodome's Keccak-256 (Debian {@code python3-pycryptodome}), sharing no code with carti. The files mix random
 * pages, all-zero pages, zero words inside random pages and a length that ends mid-page, in trees larger than the
 * file (pristine right halves) and spanning several 1 MiB chunks (the thread pool and the fold of chunk roots).
 */
class MerkleCrossCheckTest {
    private static final String ORACLE = String.join("\n",
            "import sys",
            "try:",
            "    from Cryptodome.Hash import keccak",
            "except ImportError:",
            "    from Crypto.Hash import keccak",
            "def H(b): return keccak.new(digest_bits=256, data=b).digest()",
            "path, log2w, log2s = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])",
            "data = open(path, 'rb').read()",
            "zero = [H(bytes(1 << log2w))]",
            "for _ in range(log2s - log2w): zero.append(H(zero[-1] + zero[-1]))",
            "def node(off, k):",
            "    part = data[off:off + (1 << k)]",
            "    if not part.strip(b'\\0'): return zero[k - log2w]",
            "    if k == log2w: return H(part.ljust(1 << k, b'\\0'))",
            "    return H(node(off, k - 1) + node(off + (1 << (k - 1)), k - 1))",
            "print(node(0, log2s).hex())",
            "");

    @TempDir Path tmp;

    @ParameterizedTest(name = "{0}-byte words, {1} bytes, tree 2^{2}, seed {3}")
    @CsvSource({
        "32, 1100000, 21, 1",
        "32, 2500000, 22, 2",
        "32, 4000, 12, 3",
        "8, 1300000, 21, 4",
        "8, 40000, 17, 5",
    })
    void rootMatchesPycryptodome(int word, int bytes, int log2Size, long seed) throws Exception {
        Path f = randomDrive(bytes, seed);
        String ours = HexFormat.of().formatHex(new MerkleTree(MerkleTree.log2WordOf(word), log2Size).root(f));
        assertThat(ours).isEqualTo(oracle(f, MerkleTree.log2WordOf(word), log2Size));
    }

    /** Random bytes, then every third page zeroed, zero words sprinkled in, and one zero 64 KiB run. */
    private Path randomDrive(int bytes, long seed) throws IOException {
        Random r = new Random(seed);
        byte[] data = new byte[bytes];
        r.nextBytes(data);
        for (int off = 0; off < bytes; off += 3 * 4096) java.util.Arrays.fill(data, off, Math.min(bytes, off + 4096), (byte) 0);
        for (int i = 0; i < 200; i++) {
            int at = r.nextInt(Math.max(1, bytes / 8)) * 8;
            java.util.Arrays.fill(data, at, Math.min(bytes, at + 32), (byte) 0);
        }
        if (bytes > 200_000) java.util.Arrays.fill(data, 100_000, 165_536, (byte) 0);
        Path f = tmp.resolve("drive-" + seed + ".bin");
        Files.write(f, data);
        return f;
    }

    private String oracle(Path file, int log2Word, int log2Size) throws Exception {
        Path script = tmp.resolve("merkle.py");
        Files.writeString(script, ORACLE);
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Process p = new ProcessBuilder(python, script.toString(), file.toString(), "" + log2Word, "" + log2Size)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new AssertionError("the Python oracle failed (it needs python3-pycryptodome: scripts/install-test-deps): " + out);
        }
        return out;
    }
}
