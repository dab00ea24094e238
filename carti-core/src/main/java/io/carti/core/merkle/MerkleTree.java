package io.carti.core.merkle;

import io.carti.core.CartiException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * The Cartesi machine Merkle tree of a drive (ecosystem doc §1.6): the file's bytes zero-padded to 2^log2Size,
 * leaves of 2^log2Word bytes (8-byte words up to emulator 0.17, 32-byte words from 0.18), Keccak-256 with the
 * original padding (not SHA3). The root equals what {@code cartesi-merkle-tree-hash --log2-root-size=k
 * --log2-word-size=3|5} prints and what the emulator reports as the drive's subtree hash.
 *
 * <p>Memory is constant: the file is read in chunks of 2^20 bytes, each hashed on its own thread (one per core),
 * and chunk roots are folded on a small stack. All-zero pages and everything past the end of the file use
 * precomputed pristine hashes, so sparse and short drives cost little.
 */
public final class MerkleTree {
    public static final int LOG2_PAGE = 12;
    public static final int WORD_8 = 3;
    public static final int WORD_32 = 5;
    private static final int LOG2_CHUNK = 20;
    private static final byte[] ZERO_PAGE = new byte[1 << LOG2_PAGE];

    private final int log2Word;
    private final int log2Size;
    private final byte[][] pristine;

    /**
     * @param log2Word 3 (8-byte words) or 5 (32-byte words)
     * @param log2Size log2 of the tree's size: at least 12 (one page), at most 64
     */
    public MerkleTree(int log2Word, int log2Size) {
        if (log2Word != WORD_8 && log2Word != WORD_32) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, "word size must be 8 or 32 bytes, not " + (1L << log2Word));
        }
        if (log2Size < LOG2_PAGE || log2Size > 64) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, "log2 size must be between 12 and 64, not " + log2Size);
        }
        this.log2Word = log2Word;
        this.log2Size = log2Size;
        this.pristine = pristineHashes(log2Word);
    }

    /** Word size in bytes → its log2 (8 → 3, 32 → 5). */
    public static int log2WordOf(int wordBytes) {
        return switch (wordBytes) {
            case 8 -> WORD_8;
            case 32 -> WORD_32;
            default -> throw new CartiException(CartiException.Kind.INVALID_INPUT, "word size must be 8 or 32 bytes, not " + wordBytes);
        };
    }

    /** The smallest power of two that is at least {@code size} and at least one page (4096). */
    public static int defaultLog2Size(long size) {
        int k = LOG2_PAGE;
        while (k < 64 && (1L << k) < size) k++;
        return k;
    }

    /** H(2^level zero bytes) at this tree's word size. */
    public byte[] pristine(int level) {
        if (level < log2Word || level > 64) throw new IllegalArgumentException("level " + level);
        return pristine[level].clone();
    }

    /** The root hash of {@code file} zero-padded to 2^log2Size. */
    public byte[] root(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (log2Size < 63 && size > (1L << log2Size)) {
                throw new CartiException(CartiException.Kind.INVALID_INPUT, file + " is " + size
                        + " bytes, larger than the 2^" + log2Size + "-byte tree (use a larger log2 size)");
            }
            return root(ch, size);
        } catch (NoSuchFileException e) {
            throw new CartiException(CartiException.Kind.NOT_FOUND, "no such file: " + file);
        } catch (IOException e) {
            throw new CartiException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private byte[] root(FileChannel ch, long size) throws IOException {
        int chunkLog2 = Math.min(LOG2_CHUNK, log2Size);
        long chunkBytes = 1L << chunkLog2;
        long chunks = (size + chunkBytes - 1) / chunkBytes; // chunks holding file bytes; the rest is pristine
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "merkle");
            t.setDaemon(true);
            return t;
        });
        try {
            Folder folder = new Folder(chunkLog2);
            ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();
            int window = threads * 2; // bounds memory: at most this many chunk buffers exist at once
            ThreadLocal<ChunkHasher> hashers = ThreadLocal.withInitial(() -> new ChunkHasher(chunkLog2));
            for (long i = 0; i < chunks; i++) {
                long offset = i * chunkBytes;
                inFlight.add(pool.submit(() -> hashers.get().hash(ch, offset)));
                if (inFlight.size() >= window) folder.push(await(inFlight.poll()));
            }
            while (!inFlight.isEmpty()) folder.push(await(inFlight.poll()));
            return folder.finish();
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] await(Future<byte[]> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IOException(e.getCause());
        }
    }

    /**
     * Folds left-aligned subtree roots, in address order, into the root: a stack of complete subtrees of
     * decreasing height (a Merkle mountain range); the zero tail is filled with pristine hashes.
     */
    private final class Folder {
        private final List<byte[]> hashes = new ArrayList<>();
        private final List<Integer> levels = new ArrayList<>();
        private final int leafLevel;
        private final Hasher hasher = new Hasher();

        Folder(int leafLevel) { this.leafLevel = leafLevel; }

        void push(byte[] h) {
            hashes.add(h);
            levels.add(leafLevel);
            collapse();
        }

        private void collapse() {
            int n = hashes.size();
            while (n >= 2 && levels.get(n - 1).equals(levels.get(n - 2))) {
                byte[] combined = hasher.node(hashes.get(n - 2), hashes.get(n - 1));
                int level = levels.get(n - 1) + 1;
                hashes.remove(n - 1);
                levels.remove(n - 1);
                hashes.set(n - 2, combined);
                levels.set(n - 2, level);
                n--;
            }
        }

        byte[] finish() {
            if (hashes.isEmpty()) return pristine[log2Size].clone();
            // the top entry's right sibling lies past the end of the file: it is all zeros
            while (!(hashes.size() == 1 && levels.get(0) == log2Size)) {
                int n = hashes.size();
                int level = levels.get(n - 1);
                hashes.set(n - 1, hasher.node(hashes.get(n - 1), pristine[level]));
                levels.set(n - 1, level + 1);
                collapse();
            }
            return hashes.get(0).clone();
        }
    }

    /** Hashes one chunk of the file (past-EOF bytes are zero) with its own buffer and digest. */
    private final class ChunkHasher {
        private final int chunkLog2;
        private final byte[] buf;
        private final byte[][] level;
        private final Hasher hasher = new Hasher();

        ChunkHasher(int chunkLog2) {
            this.chunkLog2 = chunkLog2;
            this.buf = new byte[1 << chunkLog2];
            this.level = new byte[(1 << (LOG2_PAGE - log2Word))][32];
        }

        byte[] hash(FileChannel ch, long offset) throws IOException {
            ByteBuffer bb = ByteBuffer.wrap(buf);
            while (bb.hasRemaining()) {
                int n = ch.read(bb, offset + bb.position());
                if (n < 0) break;
            }
            Arrays.fill(buf, bb.position(), buf.length, (byte) 0);
            int pages = 1 << (chunkLog2 - LOG2_PAGE);
            byte[][] pageHashes = new byte[pages][];
            boolean allZero = true;
            for (int p = 0; p < pages; p++) {
                pageHashes[p] = page(p << LOG2_PAGE);
                allZero &= pageHashes[p] == pristine[LOG2_PAGE];
            }
            return allZero ? pristine[chunkLog2] : reduce(pageHashes, pages);
        }

        private byte[] page(int off) {
            if (Arrays.mismatch(buf, off, off + ZERO_PAGE.length, ZERO_PAGE, 0, ZERO_PAGE.length) < 0) return pristine[LOG2_PAGE];
            int word = 1 << log2Word;
            int words = ZERO_PAGE.length >> log2Word;
            for (int w = 0; w < words; w++) hasher.leaf(buf, off + w * word, word, level[w]);
            int n = words;
            while (n > 1) {
                for (int i = 0; i < n / 2; i++) hasher.node(level[2 * i], level[2 * i + 1], level[i]);
                n /= 2;
            }
            return level[0].clone();
        }

        private byte[] reduce(byte[][] hs, int n) {
            while (n > 1) {
                for (int i = 0; i < n / 2; i++) hs[i] = hasher.node(hs[2 * i], hs[2 * i + 1]);
                n /= 2;
            }
            return hs[0];
        }
    }

    /** Keccak-256 of a leaf word or of two concatenated child hashes. Not thread-safe: one per thread. */
    private static final class Hasher {
        private final KeccakDigest digest = new KeccakDigest(256);

        void leaf(byte[] b, int off, int len, byte[] out) {
            digest.update(b, off, len);
            digest.doFinal(out, 0);
        }

        void node(byte[] left, byte[] right, byte[] out) {
            digest.update(left, 0, 32);
            digest.update(right, 0, 32);
            digest.doFinal(out, 0);
        }

        byte[] node(byte[] left, byte[] right) {
            byte[] out = new byte[32];
            node(left, right, out);
            return out;
        }
    }

    private static byte[][] pristineHashes(int log2Word) {
        byte[][] p = new byte[65][];
        Hasher h = new Hasher();
        p[log2Word] = new byte[32];
        h.leaf(new byte[1 << log2Word], 0, 1 << log2Word, p[log2Word]);
        for (int k = log2Word + 1; k <= 64; k++) p[k] = h.node(p[k - 1], p[k - 1]);
        return p;
    }
}
