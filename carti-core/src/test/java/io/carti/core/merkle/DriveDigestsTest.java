package io.carti.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import io.carti.core.cid.CidHasher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One read for three digests gives what each computed alone gives: sha256sum, the CID pipeline, the tree. */
class DriveDigestsTest {
    @TempDir Path tmp;

    @Test void oneReadEqualsThreeSeparateDigests() throws Exception {
        for (int bytes : new int[] {0, 5000, 1 << 20, (5 << 20) + 777}) {
            byte[] data = new byte[bytes];
            new Random(bytes).nextBytes(data);
            Path f = tmp.resolve("d" + bytes);
            Files.write(f, data);
            MerkleTree tree = new MerkleTree(MerkleTree.WORD_32, MerkleTree.defaultLog2Size(bytes));
            DriveDigests d = DriveDigests.of(f, tree);
            assertThat(d.size()).isEqualTo(bytes);
            assertThat(d.cid()).isEqualTo(CidHasher.hash(f));
            assertThat(d.merkleRoot()).isEqualTo(HexFormat.of().formatHex(tree.root(f)));
            Process p = new ProcessBuilder("sha256sum", f.toString()).start();
            String sum = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(p.waitFor()).isZero();
            assertThat(sum).startsWith(d.sha256() + " ");
        }
    }
}
