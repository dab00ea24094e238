package io.carti.core.merkle;

import io.carti.core.cid.Keccak256;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Hashes one chunk of a drive (2^chunkLog2 bytes, bytes past {@code len} being zero) into its subtree root, as
 * 4 lanes. Hashes live as lanes in two reusable {@code long[]} levels (words of a page, pages of the chunk) and
 * are folded in place; all-zero words, pages and pairs of pristine subtrees take precomputed hashes. One per
 * thread: not thread-safe.
 */
final class ChunkHasher {
    private static final VarHandle LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int PAGE = 1 << MerkleTree.LOG2_PAGE;
    private static final byte[] ZERO_PAGE = new byte[PAGE];

    private final int log2Word;
    private final int chunkLog2;
    private final long[][] pristine;
    private final long[] words;
    private final long[] pages;
    private final byte[] tail = new byte[PAGE];

    ChunkHasher(MerkleTree tree, int chunkLog2) {
        this.log2Word = tree.log2Word();
        this.chunkLog2 = chunkLog2;
        this.pristine = tree.pristineLanes();
        this.words = new long[4 << (MerkleTree.LOG2_PAGE - log2Word)];
        this.pages = new long[4 << (chunkLog2 - MerkleTree.LOG2_PAGE)];
    }

    /** The root lanes of {@code buf[0..len)} zero-padded to the chunk size. */
    long[] root(byte[] buf, int len) {
        int n = 1 << (chunkLog2 - MerkleTree.LOG2_PAGE);
        for (int p = 0; p < n; p++) {
            int off = p << MerkleTree.LOG2_PAGE;
            if (off + PAGE <= len) {
                page(buf, off, p);
            } else if (off < len) { // the page the file ends in
                Arrays.fill(tail, (byte) 0);
                System.arraycopy(buf, off, tail, 0, len - off);
                page(tail, 0, p);
            } else {
                System.arraycopy(pristine[MerkleTree.LOG2_PAGE], 0, pages, 4 * p, 4);
            }
        }
        fold(pages, n, MerkleTree.LOG2_PAGE);
        return Arrays.copyOf(pages, 4);
    }

    /** Hashes the page at {@code buf[off..off+4096)} into {@code pages[4p..4p+4)}. */
    private void page(byte[] buf, int off, int p) {
        if (Arrays.mismatch(buf, off, off + PAGE, ZERO_PAGE, 0, PAGE) < 0) {
            System.arraycopy(pristine[MerkleTree.LOG2_PAGE], 0, pages, 4 * p, 4);
            return;
        }
        int n = PAGE >> log2Word;
        long[] zero = pristine[log2Word];
        if (log2Word == MerkleTree.WORD_32) {
            for (int w = 0, i = off; w < n; w++, i += 32) {
                long w0 = (long) LE.get(buf, i), w1 = (long) LE.get(buf, i + 8), w2 = (long) LE.get(buf, i + 16), w3 = (long) LE.get(buf, i + 24);
                if ((w0 | w1 | w2 | w3) == 0) System.arraycopy(zero, 0, words, 4 * w, 4);
                else Keccak256.hash32(w0, w1, w2, w3, words, 4 * w);
            }
        } else {
            for (int w = 0, i = off; w < n; w++, i += 8) {
                long w0 = (long) LE.get(buf, i);
                if (w0 == 0) System.arraycopy(zero, 0, words, 4 * w, 4);
                else Keccak256.hash8(w0, words, 4 * w);
            }
        }
        fold(words, n, log2Word);
        System.arraycopy(words, 0, pages, 4 * p, 4);
    }

    /**
     * Folds {@code n} (a power of two) consecutive hashes at {@code level}, in place, into their root at
     * {@code h[0..4)}; a pair of pristine hashes gives the pristine hash one level up without hashing.
     */
    private void fold(long[] h, int n, int level) {
        for (; n > 1; n >>= 1, level++) {
            long[] zero = pristine[level];
            for (int i = 0; i < n / 2; i++) {
                int s = 8 * i;
                if (isPristine(h, s, zero) && isPristine(h, s + 4, zero)) System.arraycopy(pristine[level + 1], 0, h, 4 * i, 4);
                else Keccak256.hash64(h, s, h, 4 * i);
            }
        }
    }

    private static boolean isPristine(long[] h, int i, long[] zero) {
        return h[i] == zero[0] && h[i + 1] == zero[1] && h[i + 2] == zero[2] && h[i + 3] == zero[3];
    }
}
