package io.carti.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.carti.cli.CliHarness;
import io.carti.core.testing.Fixtures;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code carti hash}: the ecosystem doc §1.6 vectors for hello.ext2, sha256 from the fixture's documented value. */
class HashCommandTest {
    @TempDir Path cwd;
    @TempDir Path home;

    @Test void helloExt2() {
        CliHarness cli = new CliHarness(cwd, home);
        String file = Fixtures.path("cartesi-hello.ext2").toString();
        CliHarness.Result r = cli.run("hash", file);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("sha256:      4ceb5b3a61ac8142cab92fce0f67ea5a087a0220e1cd2ca0c6788bc382621b8e\n")
                .contains("merkle root: eb54d2b51a90cdd5aaa9ef3340f77283446ae91122a7d7ba61c69ad549dc90d8 (32-byte words, log2 size 20)");
        assertThat(cli.run("hash", "--merkle", "--word-size", "8", file).out())
                .isEqualTo("c4b4438b2596762fa0a5480b18a5043b939d1dc6ed42b58e6494bd445bd2a749\n");
        CliHarness.Result bundled = cli.run("bundle", "-t", "flashdrive", "-n", "hello", "-v", "1", "-d", "x", file);
        String cid = bundled.out().replaceAll("(?s).* as (\\S+)\\s*", "$1");
        assertThat(r.out()).startsWith("cid:         " + cid + "\n");
        assertThat(cli.run("hash", "--merkle", "hello").out()).startsWith("eb54d2b5");
        assertThat(cli.run("hash", "--json", cid).out()).contains("\"log2Size\": 20").contains("\"cid\": \"" + cid + "\"");
    }

    @Test void log2SizeAndErrors() throws Exception {
        CliHarness cli = new CliHarness(cwd, home);
        Files.writeString(cwd.resolve("hello.txt"), "hello\n", StandardCharsets.US_ASCII);
        assertThat(cli.run("hash", "--merkle", "hello.txt").out()).isEqualTo("44ae27a2f8298dd742a40276c389a8c1fa9f82a25728cfa424709dc9636f9bcc\n");
        assertThat(cli.run("hash", "--merkle", "--word-size", "8", "--log2-size", "12", "hello.txt").out())
                .isEqualTo("4024f0e320fb1cdb75f62e5e707d59138e0c8095a38fd84facb5b28181532112\n");
        assertThat(cli.run("hash", "--word-size", "16", "hello.txt").err()).contains("error: word size must be 8 or 32 bytes");
        assertThat(cli.run("hash", "--log2-size", "2", "hello.txt").err()).contains("log2 size must be between 12 and 64");
        CliHarness.Result missing = cli.run("hash", "nope.ext2");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no such file");
        assertThat(cli.run("hash", "no-such-bundle").exit()).isEqualTo(1);
    }

    /** Constant memory: the Merkle root of a 1 GiB sparse drive in a child JVM limited to 64 MiB of heap. */
    @Test void largeSparseDriveInSmallHeap() throws Exception {
        Path f = cwd.resolve("sparse.img");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(1L << 30);
            raf.seek(1L << 29);
            raf.write("hello\n".getBytes(StandardCharsets.US_ASCII));
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xmx64m", "-cp", System.getProperty("java.class.path"), "io.carti.cli.Main",
                "hash", "--merkle", "--log2-size", "30", f.toString()).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().put("CARTI_HOME", home.resolve(".carti").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        // hand fold: "hello\n" page root at k=12 (32-byte words, §1.6), then pristine right siblings up to 2^29, and
        // that subtree is the right half of the 2^30 tree
        io.carti.core.merkle.MerkleTree t = new io.carti.core.merkle.MerkleTree(5, 30);
        byte[] h = java.util.HexFormat.of().parseHex("44ae27a2f8298dd742a40276c389a8c1fa9f82a25728cfa424709dc9636f9bcc");
        for (int level = 12; level < 29; level++) h = keccak(h, t.pristine(level));
        h = keccak(t.pristine(29), h);
        assertThat(out.trim()).isEqualTo(java.util.HexFormat.of().formatHex(h));
    }

    private static byte[] keccak(byte[] a, byte[] b) {
        var d = new org.bouncycastle.crypto.digests.KeccakDigest(256);
        d.update(a, 0, 32);
        d.update(b, 0, 32);
        byte[] o = new byte[32];
        d.doFinal(o, 0);
        return o;
    }
}
