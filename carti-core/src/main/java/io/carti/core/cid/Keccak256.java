package io.carti.core.cid;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Keccak-256 with the original Keccak padding ({@code 0x01}, as Ethereum and upstream carti use; not SHA3-256's
 * {@code 0x06}). A plain sponge over Keccak-f[1600] with a 136-byte rate, written for throughput because every
 * byte a user bundles goes through it. The permutation ({@link #permute}) keeps the state in memory, as
 * OpenSSL's x86_64 assembly does: each round reads the 25 lanes of one array and writes the next state into a
 * second one, and the arrays swap roles every round. HotSpot's C2 then needs about 12 registers at a time and spills
 * nothing; with the 25 lanes in local variables (the previous version) it spilled and copied ~390 times per two
 * rounds and ran ~20 % slower (docs/performance.md). Allocation-free after construction (the static one-block
 * hashes use a state pair per thread). Not thread-safe.
 */
public final class Keccak256 {
    /** Sponge rate in bytes (1600 - 2*256 bits). */
    public static final int RATE = 136;
    public static final int DIGEST_LENGTH = 32;

    private static final VarHandle LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static {
        // If LE's class is the only VarHandle subclass loaded when C2 compiles absorb(), the compiled code depends on
        // that; the first other VarHandle anywhere in the JVM (a JDK class touching a field) then throws it away and the
        // hashing runs in slower code until the recompile (seen as a deoptimization ~0.3 s into a 1 GiB hash).
        // Loading a second kind of VarHandle up front means that dependency is never taken.
        try {
            MethodHandles.lookup().findVarHandle(Keccak256.class, "pendingLength", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    /**
     * Accesses to the two state arrays in {@link #permute} go through Unsafe when it is usable: the arrays swap roles
     * every round, so C2 cannot hoist their bounds checks, and the checks cost ~5-10 % (two arrays that are always
     * 25 long). Only constant indices 0..24 of those private arrays are touched this way. {@code null} (plain array
     * accesses, same results) without the jdk.unsupported module, and from JDK 24 on, which warns on the first
     * Unsafe memory access (JEP 498) and is to reject it later.
     */
    private static final sun.misc.Unsafe UNSAFE = unsafeIfAllowed();
    private static final long LONGS = UNSAFE == null ? 0 : UNSAFE.arrayBaseOffset(long[].class);
    private static final long[] RC = {
        0x0000000000000001L, 0x0000000000008082L, 0x800000000000808aL, 0x8000000080008000L,
        0x000000000000808bL, 0x0000000080000001L, 0x8000000080008081L, 0x8000000000008009L,
        0x000000000000008aL, 0x0000000000000088L, 0x0000000080008009L, 0x000000008000000aL,
        0x000000008000808bL, 0x800000000000008bL, 0x8000000000008089L, 0x8000000000008003L,
        0x8000000000008002L, 0x8000000000000080L, 0x000000000000800aL, 0x800000008000000aL,
        0x8000000080008081L, 0x8000000000008080L, 0x0000000080000001L, 0x8000000080008008L,
    };

    /** {@link #oneBlock}'s state arrays, one pair per thread (the Merkle tree hashes on several threads). */
    private static final ThreadLocal<long[][]> ONE_BLOCK_STATE = ThreadLocal.withInitial(() -> new long[2][25]);

    private final long[] state = new long[25];
    /** The other half of {@link #permute}'s ping-pong: each round writes here what it reads from the other array. */
    private final long[] scratch = new long[25];
    /** A partial block carried between {@link #update} calls. */
    private final byte[] pending = new byte[RATE];
    private int pendingLength;

    /** Keccak-256 of {@code data} in one call. */
    public static byte[] hash(byte[] data) {
        Keccak256 k = new Keccak256();
        k.update(data, 0, data.length);
        return k.digest();
    }

    public Keccak256 update(byte[] in, int off, int len) {
        Objects.checkFromIndexSize(off, len, in.length);
        if (pendingLength > 0) {
            int n = Math.min(len, RATE - pendingLength);
            System.arraycopy(in, off, pending, pendingLength, n);
            pendingLength += n;
            off += n;
            len -= n;
            if (pendingLength < RATE) return this;
            absorb(state, scratch, pending, 0);
            pendingLength = 0;
        }
        // One block per call on purpose: HotSpot compiles a method after a few hundred invocations but a long loop
        // only after ~60000 iterations (on-stack replacement), so the fewer blocks per call, the sooner C2 runs it.
        for (; len >= RATE; off += RATE, len -= RATE) absorb(state, scratch, in, off);
        System.arraycopy(in, off, pending, 0, len);
        pendingLength = len;
        return this;
    }

    /** Pads, writes the 32-byte digest to {@code out[off..off+32)} and resets for reuse. */
    public void digest(byte[] out, int off) {
        Objects.checkFromIndexSize(off, DIGEST_LENGTH, out.length);
        java.util.Arrays.fill(pending, pendingLength, RATE, (byte) 0);
        pending[pendingLength] ^= 0x01;
        pending[RATE - 1] ^= (byte) 0x80;
        absorb(state, scratch, pending, 0);
        for (int i = 0; i < 4; i++) LE.set(out, off + 8 * i, state[i]);
        reset();
    }

    public byte[] digest() {
        byte[] out = new byte[DIGEST_LENGTH];
        digest(out, 0);
        return out;
    }

    public void reset() {
        java.util.Arrays.fill(state, 0L);
        pendingLength = 0;
    }

    /** Keccak-256 of one 8-byte word (little-endian lane {@code w}); the digest's 4 lanes go to {@code out[o..o+4)}. */
    public static void hash8(long w, long[] out, int o) {
        oneBlock(w, 0x01L, 0, 0, 0, 0, 0, 0, 0, out, o);
    }

    /** Keccak-256 of one 32-byte word given as 4 little-endian lanes; the digest's lanes go to {@code out[o..o+4)}. */
    public static void hash32(long w0, long w1, long w2, long w3, long[] out, int o) {
        oneBlock(w0, w1, w2, w3, 0x01L, 0, 0, 0, 0, out, o);
    }

    /**
     * Keccak-256 of the 64 bytes {@code in[i..i+8)} as lanes (two concatenated digests, a Merkle node); the digest's
     * lanes go to {@code out[o..o+4)}, which may overlap the input.
     */
    public static void hash64(long[] in, int i, long[] out, int o) {
        oneBlock(in[i], in[i + 1], in[i + 2], in[i + 3], in[i + 4], in[i + 5], in[i + 6], in[i + 7], 0x01L, out, o);
    }

    /** Writes 4 digest lanes as the 32 digest bytes (little-endian lanes, as {@link #digest(byte[], int)} does). */
    public static void lanesToBytes(long[] lanes, int i, byte[] out, int off) {
        for (int k = 0; k < 4; k++) LE.set(out, off + 8 * k, lanes[i + k]);
    }

    /**
     * Keccak-256 of a message of at most 64 bytes, already padded, in one permutation: lanes 0..8 are the message
     * with its {@code 0x01} pad byte, lane 16 holds the final {@code 0x80}, every other lane starts at zero. For
     * the Merkle tree (ecosystem doc §1.6), which hashes millions of 32- and 64-byte inputs: no sponge object, no
     * buffer, and {@link #permute}'s state arrays come from a per-thread pair (one lookup per hash),
     * so nothing is allocated per hash.
     */
    private static void oneBlock(long l0, long l1, long l2, long l3, long l4, long l5, long l6, long l7, long l8,
                                 long[] out, int o) {
        long[][] pair = ONE_BLOCK_STATE.get();
        long[] a = pair[0];
        a[0] = l0;
        a[1] = l1;
        a[2] = l2;
        a[3] = l3;
        a[4] = l4;
        a[5] = l5;
        a[6] = l6;
        a[7] = l7;
        a[8] = l8;
        java.util.Arrays.fill(a, 9, 25, 0L);
        a[16] = 0x8000000000000000L;
        permute(a, pair[1]);
        out[o] = a[0];
        out[o + 1] = a[1];
        out[o + 2] = a[2];
        out[o + 3] = a[3];
    }

    /** XORs the 136-byte block at {@code in[off..)} (the caller checked the bounds) into the state and permutes it. */
    private static void absorb(long[] a, long[] scratch, byte[] in, int off) {
        // written out: as a loop, C2's code for the whole block was ~5 % slower
        a[0] ^= (long) LE.get(in, off + 0);
        a[1] ^= (long) LE.get(in, off + 8);
        a[2] ^= (long) LE.get(in, off + 16);
        a[3] ^= (long) LE.get(in, off + 24);
        a[4] ^= (long) LE.get(in, off + 32);
        a[5] ^= (long) LE.get(in, off + 40);
        a[6] ^= (long) LE.get(in, off + 48);
        a[7] ^= (long) LE.get(in, off + 56);
        a[8] ^= (long) LE.get(in, off + 64);
        a[9] ^= (long) LE.get(in, off + 72);
        a[10] ^= (long) LE.get(in, off + 80);
        a[11] ^= (long) LE.get(in, off + 88);
        a[12] ^= (long) LE.get(in, off + 96);
        a[13] ^= (long) LE.get(in, off + 104);
        a[14] ^= (long) LE.get(in, off + 112);
        a[15] ^= (long) LE.get(in, off + 120);
        a[16] ^= (long) LE.get(in, off + 128);
        permute(a, scratch);
    }

    /**
     * Keccak-f[1600] on the state {@code a}, with {@code scratch} as the second state array: even rounds write it, odd
     * rounds write {@code a} back, so the 24 rounds end in {@code a}. Lane {@code a[x + 5y]} is A[x, y]. Each round
     * recomputes the column parities from memory instead of carrying them in registers: that keeps the working set
     * (parities, the 5 theta values, one row of 5) within the registers C2 has. A method of its own, called once per
     * block: C2 compiles it after a few hundred calls (a long loop would wait for on-stack replacement).
     */
    private static void permute(long[] a, long[] scratch) {
        long[] src = a, dst = scratch;
        long b0, b1, b2, b3, b4;
        for (int round = 0; round < 24; round++) {
            long c0 = get(src, 0) ^ get(src, 5) ^ get(src, 10) ^ get(src, 15) ^ get(src, 20);
            long c1 = get(src, 1) ^ get(src, 6) ^ get(src, 11) ^ get(src, 16) ^ get(src, 21);
            long c2 = get(src, 2) ^ get(src, 7) ^ get(src, 12) ^ get(src, 17) ^ get(src, 22);
            long c3 = get(src, 3) ^ get(src, 8) ^ get(src, 13) ^ get(src, 18) ^ get(src, 23);
            long c4 = get(src, 4) ^ get(src, 9) ^ get(src, 14) ^ get(src, 19) ^ get(src, 24);
            long d0 = c4 ^ Long.rotateLeft(c1, 1);
            long d1 = c0 ^ Long.rotateLeft(c2, 1);
            long d2 = c1 ^ Long.rotateLeft(c3, 1);
            long d3 = c2 ^ Long.rotateLeft(c4, 1);
            long d4 = c3 ^ Long.rotateLeft(c0, 1);
            b0 = get(src, 0) ^ d0;
            b1 = Long.rotateLeft(get(src, 6) ^ d1, 44);
            b2 = Long.rotateLeft(get(src, 12) ^ d2, 43);
            b3 = Long.rotateLeft(get(src, 18) ^ d3, 21);
            b4 = Long.rotateLeft(get(src, 24) ^ d4, 14);
            put(dst, 0, b0 ^ (~b1 & b2) ^ RC[round]);
            put(dst, 1, b1 ^ (~b2 & b3));
            put(dst, 2, b2 ^ (~b3 & b4));
            put(dst, 3, b3 ^ (~b4 & b0));
            put(dst, 4, b4 ^ (~b0 & b1));
            b0 = Long.rotateLeft(get(src, 3) ^ d3, 28);
            b1 = Long.rotateLeft(get(src, 9) ^ d4, 20);
            b2 = Long.rotateLeft(get(src, 10) ^ d0, 3);
            b3 = Long.rotateLeft(get(src, 16) ^ d1, 45);
            b4 = Long.rotateLeft(get(src, 22) ^ d2, 61);
            put(dst, 5, b0 ^ (~b1 & b2));
            put(dst, 6, b1 ^ (~b2 & b3));
            put(dst, 7, b2 ^ (~b3 & b4));
            put(dst, 8, b3 ^ (~b4 & b0));
            put(dst, 9, b4 ^ (~b0 & b1));
            b0 = Long.rotateLeft(get(src, 1) ^ d1, 1);
            b1 = Long.rotateLeft(get(src, 7) ^ d2, 6);
            b2 = Long.rotateLeft(get(src, 13) ^ d3, 25);
            b3 = Long.rotateLeft(get(src, 19) ^ d4, 8);
            b4 = Long.rotateLeft(get(src, 20) ^ d0, 18);
            put(dst, 10, b0 ^ (~b1 & b2));
            put(dst, 11, b1 ^ (~b2 & b3));
            put(dst, 12, b2 ^ (~b3 & b4));
            put(dst, 13, b3 ^ (~b4 & b0));
            put(dst, 14, b4 ^ (~b0 & b1));
            b0 = Long.rotateLeft(get(src, 4) ^ d4, 27);
            b1 = Long.rotateLeft(get(src, 5) ^ d0, 36);
            b2 = Long.rotateLeft(get(src, 11) ^ d1, 10);
            b3 = Long.rotateLeft(get(src, 17) ^ d2, 15);
            b4 = Long.rotateLeft(get(src, 23) ^ d3, 56);
            put(dst, 15, b0 ^ (~b1 & b2));
            put(dst, 16, b1 ^ (~b2 & b3));
            put(dst, 17, b2 ^ (~b3 & b4));
            put(dst, 18, b3 ^ (~b4 & b0));
            put(dst, 19, b4 ^ (~b0 & b1));
            b0 = Long.rotateLeft(get(src, 2) ^ d2, 62);
            b1 = Long.rotateLeft(get(src, 8) ^ d3, 55);
            b2 = Long.rotateLeft(get(src, 14) ^ d4, 39);
            b3 = Long.rotateLeft(get(src, 15) ^ d0, 41);
            b4 = Long.rotateLeft(get(src, 21) ^ d1, 2);
            put(dst, 20, b0 ^ (~b1 & b2));
            put(dst, 21, b1 ^ (~b2 & b3));
            put(dst, 22, b2 ^ (~b3 & b4));
            put(dst, 23, b3 ^ (~b4 & b0));
            put(dst, 24, b4 ^ (~b0 & b1));
            long[] t = src;
            src = dst;
            dst = t;
        }
    }

    private static long get(long[] lanes, int i) {
        return UNSAFE != null ? UNSAFE.getLong(lanes, LONGS + 8L * i) : lanes[i];
    }

    private static void put(long[] lanes, int i, long v) {
        if (UNSAFE != null) UNSAFE.putLong(lanes, LONGS + 8L * i, v);
        else lanes[i] = v;
    }

    /** Whether {@link #permute} accesses its state arrays through Unsafe (for the tests of both paths). */
    static boolean usesUnsafe() {
        return UNSAFE != null;
    }

    private static sun.misc.Unsafe unsafeIfAllowed() {
        if (Runtime.version().feature() >= 24) return null;
        try {
            java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            sun.misc.Unsafe u = (sun.misc.Unsafe) f.get(null);
            return u.arrayIndexScale(long[].class) == 8 ? u : null;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null; // no jdk.unsupported module, or access denied: plain array accesses
        }
    }
}
