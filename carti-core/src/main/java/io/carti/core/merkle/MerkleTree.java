package io.carti.core.merkle;

import io.carti.core.CartiException;
import io.carti.core.cid.HashPipeline;
import io.carti.core.cid.Keccak256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The Cartesi machine Merkle tree of a drive (ecosystem doc §1.6): the file's bytes zero-padded to 2^log2Size,
 * leaves of 2^log2Word bytes (8-byte words up to emulator 0.17, 32-byte words from 0.18), Keccak-256 with the
 * original padding (not SHA3). The root equals what {@code cartesi-merkle-tree-hash --log2-root-size=k
 * --log2-word-size=3|5} prints and what the emulator reports as the drive's subtree hash.
 *
 * <p>Speed: a tree over N words costs about 2N Keccak-f permutations (one per leaf, one per inner node), so every
 * hash is one permutation on lanes held in locals ({@link Keccak256#hash32}, {@link Keccak256#hash64}) and hashes
 * are kept as 4 little-endian lanes in {@code long[]} arrays, never as objects. The file is read sequentially in
 * chunks of 2^20 bytes on the calling thread; each chunk is a subtree hashed on a pool with one thread per core,
 * and chunk roots are folded in address order. All-zero words, pages and subtrees, and everything past the end of
 * the file, take precomputed pristine hashes instead of being hashed, so sparse and short drives cost little.
 * Memory is constant: a few chunk buffers per core.
 */
public final class MerkleTree {
    public static final int LOG2_PAGE = 12;
    public static final int WORD_8 = 3;
    public static final int WORD_32 = 5;
    static final int LOG2_CHUNK = 20;

    private final int log2Word;
    private final int log2Size;
    /** pristine[k] = the 4 lanes of H(2^k zero bytes), for k from log2Word to 64. */
    private final long[][] pristine;

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
        return toBytes(pristine[level]);
    }

    int log2Word() { return log2Word; }

    long[][] pristineLanes() { return pristine; }

    /** The root hash of {@code file} zero-padded to 2^log2Size. */
    public byte[] root(Path file) {
        return root(file, null);
    }

    /**
     * Like {@link #root(Path)}, also handing every chunk of the file, in order, to {@code alsoFeed} on the calling
     * thread while the pool hashes the tree: one read of the file for several digests (CID, sha256).
     */
    public byte[] root(Path file, HashPipeline.Sink alsoFeed) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (log2Size < 63 && size > (1L << log2Size)) {
                throw new CartiException(CartiException.Kind.INVALID_INPUT, file + " is " + size
                        + " bytes, larger than the 2^" + log2Size + "-byte tree (use a larger log2 size)");
            }
            return toBytes(root(ch, alsoFeed));
        } catch (NoSuchFileException e) {
            throw new CartiException(CartiException.Kind.NOT_FOUND, "no such file: " + file);
        } catch (IOException e) {
            throw new CartiException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private long[] root(FileChannel ch, HashPipeline.Sink alsoFeed) throws IOException {
        int chunkLog2 = Math.min(LOG2_CHUNK, log2Size);
        int threads = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
        int window = 2 * threads; // chunks in flight; one more buffer is being filled
        BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(window + 1);
        for (int i = 0; i <= window; i++) free.add(new byte[1 << chunkLog2]);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "carti-merkle");
            t.setDaemon(true);
            return t;
        });
        ThreadLocal<ChunkHasher> hashers = ThreadLocal.withInitial(() -> new ChunkHasher(this, chunkLog2));
        try {
            RootFolder folder = new RootFolder(chunkLog2, log2Size, pristine);
            ArrayDeque<Future<long[]>> inFlight = new ArrayDeque<>();
            while (true) {
                while (!inFlight.isEmpty() && (inFlight.size() >= window || inFlight.peek().isDone())) {
                    folder.push(await(inFlight.poll()));
                }
                byte[] buf = free.take();
                int len = fill(ch, buf);
                if (len == 0) {
                    free.add(buf);
                    break;
                }
                if (alsoFeed != null) alsoFeed.write(buf, 0, len);
                inFlight.add(pool.submit(() -> {
                    try {
                        return hashers.get().root(buf, len);
                    } finally {
                        free.add(buf);
                    }
                }));
                if (len < buf.length) break;
            }
            while (!inFlight.isEmpty()) folder.push(await(inFlight.poll()));
            return folder.finish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Reads until {@code buf} is full or the file ends: large sequential reads. */
    private static int fill(FileChannel ch, byte[] buf) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buf);
        while (bb.hasRemaining()) {
            if (ch.read(bb) < 0) break;
        }
        return bb.position();
    }

    private static long[] await(Future<long[]> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IOException(e.getCause());
        }
    }

    private static byte[] toBytes(long[] lanes) {
        byte[] out = new byte[32];
        Keccak256.lanesToBytes(lanes, 0, out, 0);
        return out;
    }

    private static long[][] pristineHashes(int log2Word) {
        long[][] p = new long[65][4];
        if (log2Word == WORD_8) Keccak256.hash8(0, p[log2Word], 0);
        else Keccak256.hash32(0, 0, 0, 0, p[log2Word], 0);
        long[] pair = new long[8];
        for (int k = log2Word + 1; k <= 64; k++) {
            System.arraycopy(p[k - 1], 0, pair, 0, 4);
            System.arraycopy(p[k - 1], 0, pair, 4, 4);
            Keccak256.hash64(pair, 0, p[k], 0);
        }
        return p;
    }
}
