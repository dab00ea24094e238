package io.carti.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carti.core.CartiException;
import io.carti.core.testing.Fixtures;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every test vector of the ecosystem doc §1.6 (computed there with the emulator's cartesi-merkle-tree-hash). */
class MerkleTreeTest {
    @TempDir Path tmp;

    private static String hex(byte[] b) { return HexFormat.of().formatHex(b); }

    private String root(byte[] content, int word, int log2Size) throws IOException {
        Path f = Files.createTempFile(tmp, "m", ".bin");
        Files.write(f, content);
        return hex(new MerkleTree(MerkleTree.log2WordOf(word), log2Size).root(f));
    }

    @Test void pristineHashesMatchTheVectors() {
        MerkleTree w8 = new MerkleTree(MerkleTree.WORD_8, 12);
        MerkleTree w32 = new MerkleTree(MerkleTree.WORD_32, 12);
        assertThat(hex(w8.pristine(3))).isEqualTo("011b4d03dd8c01f1049143cf9c4c817e4b167f1d1b83e5c6f0f10d89ba1e7bce");
        assertThat(hex(w32.pristine(5))).isEqualTo("290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e563");
        assertThat(hex(w8.pristine(12))).isEqualTo("d8b96e5b7f6f459e9cb6a2f41bf276c7b85c10cd4662c04cbbb365434726c0a0");
        assertThat(hex(w32.pristine(12))).isEqualTo("292c23a9aa1d8bea7e2435e555a4a60e379a5a35f3f452bae60121073fb6eead");
        assertThat(hex(w8.pristine(20))).isEqualTo("99af665835aabfdc6740c7e2c3791a31c3cdc9f5ab962f681b12fc092816a62f");
        assertThat(hex(w32.pristine(20))).isEqualTo("2def10d13dd169f550f578bda343d9717a138562e0093b380a1120789d53cf10");
        assertThat(hex(w8.pristine(63))).isEqualTo("916ca832592485093644e8760cd7b4c01dba1ccc82b661bf13f0e3f34acd6b88");
        assertThat(hex(w32.pristine(63))).isEqualTo("e7e8dbc3898515970ca6fce19039ca22ae2638e44b24641fd61048b94dc2be25");
    }

    @Test void emptyFileIsThePristineTree() throws IOException {
        assertThat(root(new byte[0], 32, 20)).isEqualTo("2def10d13dd169f550f578bda343d9717a138562e0093b380a1120789d53cf10");
        assertThat(root(new byte[4096], 8, 12)).isEqualTo("d8b96e5b7f6f459e9cb6a2f41bf276c7b85c10cd4662c04cbbb365434726c0a0");
    }

    @Test void countingPage() throws IOException {
        byte[] page = new byte[4096];
        for (int i = 0; i < page.length; i++) page[i] = (byte) i;
        assertThat(root(page, 8, 12)).isEqualTo("8a6b216976e29acc5143a7a3a90fe231d8bbe0f453946b7b7e59d79142345a23");
        assertThat(root(page, 32, 12)).isEqualTo("673b5cbb26ecfbd56173cfdd96b0e29b315c49af460e64251fca400daaeb2a7a");
        assertThat(root(page, 8, 20)).isEqualTo("4de589e3c626fdb2e14272713a6d6b5d72e56822ae4154566ee21678cf1138e0");
        assertThat(root(page, 32, 20)).isEqualTo("9ebe04d35bb44096d3f8a143888d42e9cd8a0b1c075840727754de8bb555e343");
    }

    @Test void shortTextsArePaddedToAPage() throws IOException {
        byte[] hello = "hello\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(root(hello, 8, 12)).isEqualTo("4024f0e320fb1cdb75f62e5e707d59138e0c8095a38fd84facb5b28181532112");
        assertThat(root(hello, 32, 12)).isEqualTo("44ae27a2f8298dd742a40276c389a8c1fa9f82a25728cfa424709dc9636f9bcc");
        assertThat(root("6*2^1024 + 3*2^512\n".getBytes(StandardCharsets.US_ASCII), 32, 12))
                .isEqualTo("d5ea32c164644e70ea918e4d868458bcbf038c764f551c5b0baa2dd8ac26fbea");
    }

    @Test void emulatorHelloExt2() {
        Path hello = Fixtures.path("cartesi-hello.ext2");
        assertThat(hex(new MerkleTree(MerkleTree.WORD_8, 20).root(hello)))
                .isEqualTo("c4b4438b2596762fa0a5480b18a5043b939d1dc6ed42b58e6494bd445bd2a749");
        assertThat(hex(new MerkleTree(MerkleTree.WORD_32, 20).root(hello)))
                .isEqualTo("eb54d2b51a90cdd5aaa9ef3340f77283446ae91122a7d7ba61c69ad549dc90d8");
    }

    /** A page placed at 3 MiB inside a 4 MiB tree, computed by hand from pristine siblings, must match the chunked fold. */
    @Test void pageDeepInsideASparseFileMatchesAHandFold() throws IOException {
        byte[] page = new byte[4096];
        for (int i = 0; i < page.length; i++) page[i] = (byte) (i * 7);
        Path f = tmp.resolve("sparse.bin");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(4L << 20);
            raf.seek(3L << 20);
            raf.write(page);
        }
        MerkleTree t = new MerkleTree(MerkleTree.WORD_32, 22);
        // the page is the leftmost page of the 4th MiB: fold it up with pristine right siblings to 2^20, then
        // the 2^20 node is the right child of a right child
        Path p = tmp.resolve("page.bin");
        Files.write(p, page);
        byte[] mib = new MerkleTree(MerkleTree.WORD_32, 20).root(p);
        byte[] right = keccak(t.pristine(20), mib);
        byte[] expected = keccak(t.pristine(21), right);
        assertThat(hex(t.root(f))).isEqualTo(hex(expected));
    }

    @Test void defaultSizeIsAtLeastAPage() {
        assertThat(MerkleTree.defaultLog2Size(0)).isEqualTo(12);
        assertThat(MerkleTree.defaultLog2Size(4096)).isEqualTo(12);
        assertThat(MerkleTree.defaultLog2Size(4097)).isEqualTo(13);
        assertThat(MerkleTree.defaultLog2Size(1 << 20)).isEqualTo(20);
    }

    @Test void fileLargerThanTheTreeIsAnError() throws IOException {
        Path f = tmp.resolve("big.bin");
        Files.write(f, new byte[8192]);
        assertThatThrownBy(() -> new MerkleTree(MerkleTree.WORD_32, 12).root(f))
                .isInstanceOf(CartiException.class).hasMessageContaining("larger than the 2^12-byte tree");
        assertThatThrownBy(() -> MerkleTree.log2WordOf(16)).hasMessageContaining("8 or 32");
    }

    private static byte[] keccak(byte[] a, byte[] b) {
        org.bouncycastle.crypto.digests.KeccakDigest d = new org.bouncycastle.crypto.digests.KeccakDigest(256);
        d.update(a, 0, 32);
        d.update(b, 0, 32);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }
}
