package io.carti.core.cid;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Keccak-256 with the original Keccak padding ({@code 0x01}, as Ethereum and upstream carti use; not SHA3-256's
 * {@code 0x06}). A plain sponge over Keccak-f[1600] with a 136-byte rate, written for throughput because every
 * byte a user bundles goes through it. The streaming permutation ({@link #absorb}) keeps the state in memory, as
 * OpenSSL's x86_64 assembly does: each round reads the 25 lanes of one array and writes the next state into a
 * second one, and the arrays swap roles every round. HotSpot's C2 then needs about 12 registers at a time and spills
 * nothing; with the 25 lanes in local variables (the previous version) it spilled and copied ~390 times per two
 * rounds and ran ~20 % slower (docs/performance.md). Allocation-free after construction. Not thread-safe.
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
     * Accesses to the two state arrays in {@link #absorb} go through Unsafe when it is usable: the arrays swap roles
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

    private final long[] state = new long[25];
    /** The other half of {@link #absorb}'s ping-pong: each round writes here what it reads from the other array. */
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
     * buffer, no allocation, the lanes in locals. The rounds are {@code absorb}'s, one block only; they are not
     * shared with it because a static call has no state arrays to work in, and the lanes-in-locals form needs none.
     */
    private static void oneBlock(long aba, long abe, long abi, long abo, long abu, long aga, long age, long agi, long ago,
                                 long[] out, int o) {
        long agu = 0, aka = 0, ake = 0, aki = 0, ako = 0, aku = 0, ama = 0, ame = 0x8000000000000000L, ami = 0, amo = 0,
                amu = 0, asa = 0, ase = 0, asi = 0, aso = 0, asu = 0;
        long eba, ebe, ebi, ebo, ebu, ega, ege, egi, ego, egu, eka, eke, eki, eko, eku, ema, eme, emi, emo, emu, esa, ese, esi, eso, esu;
        long b0, b1, b2, b3, b4, d0, d1, d2, d3, d4;
        long c0 = aba ^ aga ^ aka ^ ama ^ asa;
        long c1 = abe ^ age ^ ake ^ ame ^ ase;
        long c2 = abi ^ agi ^ aki ^ ami ^ asi;
        long c3 = abo ^ ago ^ ako ^ amo ^ aso;
        long c4 = abu ^ agu ^ aku ^ amu ^ asu;
        for (int round = 0; round < 24; round += 2) {
            // first round of the pair: a -> e
            d0 = c4 ^ Long.rotateLeft(c1, 1);
            d1 = c0 ^ Long.rotateLeft(c2, 1);
            d2 = c1 ^ Long.rotateLeft(c3, 1);
            d3 = c2 ^ Long.rotateLeft(c4, 1);
            d4 = c3 ^ Long.rotateLeft(c0, 1);
            b0 = aba ^ d0;
            b1 = Long.rotateLeft(age ^ d1, 44);
            b2 = Long.rotateLeft(aki ^ d2, 43);
            b3 = Long.rotateLeft(amo ^ d3, 21);
            b4 = Long.rotateLeft(asu ^ d4, 14);
            eba = b0 ^ (~b1 & b2) ^ RC[round]; c0 = eba;
            ebe = b1 ^ (~b2 & b3); c1 = ebe;
            ebi = b2 ^ (~b3 & b4); c2 = ebi;
            ebo = b3 ^ (~b4 & b0); c3 = ebo;
            ebu = b4 ^ (~b0 & b1); c4 = ebu;
            b0 = Long.rotateLeft(abo ^ d3, 28);
            b1 = Long.rotateLeft(agu ^ d4, 20);
            b2 = Long.rotateLeft(aka ^ d0, 3);
            b3 = Long.rotateLeft(ame ^ d1, 45);
            b4 = Long.rotateLeft(asi ^ d2, 61);
            ega = b0 ^ (~b1 & b2); c0 ^= ega;
            ege = b1 ^ (~b2 & b3); c1 ^= ege;
            egi = b2 ^ (~b3 & b4); c2 ^= egi;
            ego = b3 ^ (~b4 & b0); c3 ^= ego;
            egu = b4 ^ (~b0 & b1); c4 ^= egu;
            b0 = Long.rotateLeft(abe ^ d1, 1);
            b1 = Long.rotateLeft(agi ^ d2, 6);
            b2 = Long.rotateLeft(ako ^ d3, 25);
            b3 = Long.rotateLeft(amu ^ d4, 8);
            b4 = Long.rotateLeft(asa ^ d0, 18);
            eka = b0 ^ (~b1 & b2); c0 ^= eka;
            eke = b1 ^ (~b2 & b3); c1 ^= eke;
            eki = b2 ^ (~b3 & b4); c2 ^= eki;
            eko = b3 ^ (~b4 & b0); c3 ^= eko;
            eku = b4 ^ (~b0 & b1); c4 ^= eku;
            b0 = Long.rotateLeft(abu ^ d4, 27);
            b1 = Long.rotateLeft(aga ^ d0, 36);
            b2 = Long.rotateLeft(ake ^ d1, 10);
            b3 = Long.rotateLeft(ami ^ d2, 15);
            b4 = Long.rotateLeft(aso ^ d3, 56);
            ema = b0 ^ (~b1 & b2); c0 ^= ema;
            eme = b1 ^ (~b2 & b3); c1 ^= eme;
            emi = b2 ^ (~b3 & b4); c2 ^= emi;
            emo = b3 ^ (~b4 & b0); c3 ^= emo;
            emu = b4 ^ (~b0 & b1); c4 ^= emu;
            b0 = Long.rotateLeft(abi ^ d2, 62);
            b1 = Long.rotateLeft(ago ^ d3, 55);
            b2 = Long.rotateLeft(aku ^ d4, 39);
            b3 = Long.rotateLeft(ama ^ d0, 41);
            b4 = Long.rotateLeft(ase ^ d1, 2);
            esa = b0 ^ (~b1 & b2); c0 ^= esa;
            ese = b1 ^ (~b2 & b3); c1 ^= ese;
            esi = b2 ^ (~b3 & b4); c2 ^= esi;
            eso = b3 ^ (~b4 & b0); c3 ^= eso;
            esu = b4 ^ (~b0 & b1); c4 ^= esu;
            // second round: e -> a
            d0 = c4 ^ Long.rotateLeft(c1, 1);
            d1 = c0 ^ Long.rotateLeft(c2, 1);
            d2 = c1 ^ Long.rotateLeft(c3, 1);
            d3 = c2 ^ Long.rotateLeft(c4, 1);
            d4 = c3 ^ Long.rotateLeft(c0, 1);
            b0 = eba ^ d0;
            b1 = Long.rotateLeft(ege ^ d1, 44);
            b2 = Long.rotateLeft(eki ^ d2, 43);
            b3 = Long.rotateLeft(emo ^ d3, 21);
            b4 = Long.rotateLeft(esu ^ d4, 14);
            aba = b0 ^ (~b1 & b2) ^ RC[round + 1]; c0 = aba;
            abe = b1 ^ (~b2 & b3); c1 = abe;
            abi = b2 ^ (~b3 & b4); c2 = abi;
            abo = b3 ^ (~b4 & b0); c3 = abo;
            abu = b4 ^ (~b0 & b1); c4 = abu;
            b0 = Long.rotateLeft(ebo ^ d3, 28);
            b1 = Long.rotateLeft(egu ^ d4, 20);
            b2 = Long.rotateLeft(eka ^ d0, 3);
            b3 = Long.rotateLeft(eme ^ d1, 45);
            b4 = Long.rotateLeft(esi ^ d2, 61);
            aga = b0 ^ (~b1 & b2); c0 ^= aga;
            age = b1 ^ (~b2 & b3); c1 ^= age;
            agi = b2 ^ (~b3 & b4); c2 ^= agi;
            ago = b3 ^ (~b4 & b0); c3 ^= ago;
            agu = b4 ^ (~b0 & b1); c4 ^= agu;
            b0 = Long.rotateLeft(ebe ^ d1, 1);
            b1 = Long.rotateLeft(egi ^ d2, 6);
            b2 = Long.rotateLeft(eko ^ d3, 25);
            b3 = Long.rotateLeft(emu ^ d4, 8);
            b4 = Long.rotateLeft(esa ^ d0, 18);
            aka = b0 ^ (~b1 & b2); c0 ^= aka;
            ake = b1 ^ (~b2 & b3); c1 ^= ake;
            aki = b2 ^ (~b3 & b4); c2 ^= aki;
            ako = b3 ^ (~b4 & b0); c3 ^= ako;
            aku = b4 ^ (~b0 & b1); c4 ^= aku;
            b0 = Long.rotateLeft(ebu ^ d4, 27);
            b1 = Long.rotateLeft(ega ^ d0, 36);
            b2 = Long.rotateLeft(eke ^ d1, 10);
            b3 = Long.rotateLeft(emi ^ d2, 15);
            b4 = Long.rotateLeft(eso ^ d3, 56);
            ama = b0 ^ (~b1 & b2); c0 ^= ama;
            ame = b1 ^ (~b2 & b3); c1 ^= ame;
            ami = b2 ^ (~b3 & b4); c2 ^= ami;
            amo = b3 ^ (~b4 & b0); c3 ^= amo;
            amu = b4 ^ (~b0 & b1); c4 ^= amu;
            b0 = Long.rotateLeft(ebi ^ d2, 62);
            b1 = Long.rotateLeft(ego ^ d3, 55);
            b2 = Long.rotateLeft(eku ^ d4, 39);
            b3 = Long.rotateLeft(ema ^ d0, 41);
            b4 = Long.rotateLeft(ese ^ d1, 2);
            asa = b0 ^ (~b1 & b2); c0 ^= asa;
            ase = b1 ^ (~b2 & b3); c1 ^= ase;
            asi = b2 ^ (~b3 & b4); c2 ^= asi;
            aso = b3 ^ (~b4 & b0); c3 ^= aso;
            asu = b4 ^ (~b0 & b1); c4 ^= asu;
        }
        out[o] = aba;
        out[o + 1] = abe;
        out[o + 2] = abi;
        out[o + 3] = abo;
    }

    /**
     * XORs the 136-byte block at {@code in[off..)} into the state {@code a} and applies Keccak-f[1600], with
     * {@code scratch} as the second state array (even rounds write it, odd rounds write {@code a} back; 24 rounds end
     * in {@code a}). Lane {@code a[x + 5y]} is A[x, y]. Each round recomputes the column parities from memory instead
     * of carrying them in registers: that keeps the working set (parities, the 5 theta values, one row of 5) within
     * the registers C2 has. The caller has checked {@code off + RATE <= in.length} (the input lanes are read with
     * bounds checks anyway).
     */
    private static void absorb(long[] a, long[] scratch, byte[] in, int off) {
        put(a, 0, get(a, 0) ^ (long) LE.get(in, off + 0));
        put(a, 1, get(a, 1) ^ (long) LE.get(in, off + 8));
        put(a, 2, get(a, 2) ^ (long) LE.get(in, off + 16));
        put(a, 3, get(a, 3) ^ (long) LE.get(in, off + 24));
        put(a, 4, get(a, 4) ^ (long) LE.get(in, off + 32));
        put(a, 5, get(a, 5) ^ (long) LE.get(in, off + 40));
        put(a, 6, get(a, 6) ^ (long) LE.get(in, off + 48));
        put(a, 7, get(a, 7) ^ (long) LE.get(in, off + 56));
        put(a, 8, get(a, 8) ^ (long) LE.get(in, off + 64));
        put(a, 9, get(a, 9) ^ (long) LE.get(in, off + 72));
        put(a, 10, get(a, 10) ^ (long) LE.get(in, off + 80));
        put(a, 11, get(a, 11) ^ (long) LE.get(in, off + 88));
        put(a, 12, get(a, 12) ^ (long) LE.get(in, off + 96));
        put(a, 13, get(a, 13) ^ (long) LE.get(in, off + 104));
        put(a, 14, get(a, 14) ^ (long) LE.get(in, off + 112));
        put(a, 15, get(a, 15) ^ (long) LE.get(in, off + 120));
        put(a, 16, get(a, 16) ^ (long) LE.get(in, off + 128));
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

    /** Whether {@link #absorb} accesses its state arrays through Unsafe (for the tests of both paths). */
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
