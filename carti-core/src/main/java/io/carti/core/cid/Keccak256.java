package io.carti.core.cid;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Keccak-256 with the original Keccak padding ({@code 0x01}, as Ethereum and upstream carti use; not SHA3-256's
 * {@code 0x06}). A plain sponge over Keccak-f[1600] with a 136-byte rate, written for throughput because every
 * byte a user bundles goes through it: the 25 lanes live in local variables across the rounds of a few blocks (so the JIT
 * keeps them in registers instead of reloading an array per round), lanes are read with a little-endian
 * {@link VarHandle}, and the rounds are unrolled two at a time (state A to E and back, computing the next theta
 * column parities on the way, as in the Keccak team's reference 64-bit code).
 * Allocation-free after construction. Not thread-safe.
 */
public final class Keccak256 {
    /** Sponge rate in bytes (1600 - 2*256 bits). */
    public static final int RATE = 136;
    public static final int DIGEST_LENGTH = 32;

    /**
     * Blocks absorbed per call of {@link #absorb}. Small on purpose: HotSpot compiles a method after ~100-1000
     * invocations but compiles a long-running loop (on-stack replacement) only after ~60000 loop iterations, so
     * one call over a whole 1 MiB chunk ran ~5000 blocks in the interpreter and reached C2 1-2 s later under load.
     * Loading and storing the state every 4 blocks costs under 1 % once compiled.
     */
    private static final int BLOCKS_PER_CALL = 4;
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
    private static final long[] RC = {
        0x0000000000000001L, 0x0000000000008082L, 0x800000000000808aL, 0x8000000080008000L,
        0x000000000000808bL, 0x0000000080000001L, 0x8000000080008081L, 0x8000000000008009L,
        0x000000000000008aL, 0x0000000000000088L, 0x0000000080008009L, 0x000000008000000aL,
        0x000000008000808bL, 0x800000000000008bL, 0x8000000000008089L, 0x8000000000008003L,
        0x8000000000008002L, 0x8000000000000080L, 0x000000000000800aL, 0x800000008000000aL,
        0x8000000080008081L, 0x8000000000008080L, 0x0000000080000001L, 0x8000000080008008L,
    };

    private final long[] state = new long[25];
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
            absorb(state, pending, 0, 1);
            pendingLength = 0;
        }
        for (int blocks = len / RATE; blocks > 0; ) {
            int n = Math.min(blocks, BLOCKS_PER_CALL);
            absorb(state, in, off, n);
            off += n * RATE;
            len -= n * RATE;
            blocks -= n;
        }
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
        absorb(state, pending, 0, 1);
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
     * shared with it because the streaming path keeps its 25 lanes in registers across blocks, and Java cannot
     * pass 25 locals between methods.
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
     * XORs {@code blocks} consecutive 136-byte blocks of {@code in} into the state, permuting after each. One
     * method on purpose: the lanes stay in locals (registers) across rounds and blocks. Generated code (see the rounds' regular shape):
     * lane {@code a<row><col>} is A[x, y] with rows b,g,k,m,s = y 0..4 and columns a,e,i,o,u = x 0..4.
     */
    private static void absorb(long[] s, byte[] in, int off, int blocks) {
        long aba = s[0];
        long abe = s[1];
        long abi = s[2];
        long abo = s[3];
        long abu = s[4];
        long aga = s[5];
        long age = s[6];
        long agi = s[7];
        long ago = s[8];
        long agu = s[9];
        long aka = s[10];
        long ake = s[11];
        long aki = s[12];
        long ako = s[13];
        long aku = s[14];
        long ama = s[15];
        long ame = s[16];
        long ami = s[17];
        long amo = s[18];
        long amu = s[19];
        long asa = s[20];
        long ase = s[21];
        long asi = s[22];
        long aso = s[23];
        long asu = s[24];
        long eba, ebe, ebi, ebo, ebu, ega, ege, egi, ego, egu, eka, eke, eki, eko, eku, ema, eme, emi, emo, emu, esa, ese, esi, eso, esu;
        long b0, b1, b2, b3, b4, d0, d1, d2, d3, d4;
        for (int block = 0; block < blocks; block++, off += RATE) {
            aba ^= (long) LE.get(in, off + 0);
            abe ^= (long) LE.get(in, off + 8);
            abi ^= (long) LE.get(in, off + 16);
            abo ^= (long) LE.get(in, off + 24);
            abu ^= (long) LE.get(in, off + 32);
            aga ^= (long) LE.get(in, off + 40);
            age ^= (long) LE.get(in, off + 48);
            agi ^= (long) LE.get(in, off + 56);
            ago ^= (long) LE.get(in, off + 64);
            agu ^= (long) LE.get(in, off + 72);
            aka ^= (long) LE.get(in, off + 80);
            ake ^= (long) LE.get(in, off + 88);
            aki ^= (long) LE.get(in, off + 96);
            ako ^= (long) LE.get(in, off + 104);
            aku ^= (long) LE.get(in, off + 112);
            ama ^= (long) LE.get(in, off + 120);
            ame ^= (long) LE.get(in, off + 128);
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
        }
        s[0] = aba;
        s[1] = abe;
        s[2] = abi;
        s[3] = abo;
        s[4] = abu;
        s[5] = aga;
        s[6] = age;
        s[7] = agi;
        s[8] = ago;
        s[9] = agu;
        s[10] = aka;
        s[11] = ake;
        s[12] = aki;
        s[13] = ako;
        s[14] = aku;
        s[15] = ama;
        s[16] = ame;
        s[17] = ami;
        s[18] = amo;
        s[19] = amu;
        s[20] = asa;
        s[21] = ase;
        s[22] = asi;
        s[23] = aso;
        s[24] = asu;
    }
}
