package io.carti.core.cid;

import java.util.HexFormat;
import java.util.Random;

/**
 * Child-JVM entry point for {@link Keccak256Test}: prints whether {@link Keccak256} uses Unsafe, then the hex
 * digest of each input of {@link #inputs()}, one a line: the inputs fed in random chunks, then those of 8, 32 and 64
 * bytes again through the one-permutation lane forms ({@code hash8}, {@code hash32}, {@code hash64}).
 */
public final class Keccak256Digests {
    private Keccak256Digests() {}

    /** Random inputs of every length 0..600 and one of 300 000 bytes (seeded: the parent regenerates them). */
    static byte[][] inputs() {
        Random r = new Random(4);
        byte[][] inputs = new byte[602][];
        for (int len = 0; len <= 600; len++) {
            inputs[len] = new byte[len];
            r.nextBytes(inputs[len]);
        }
        inputs[601] = new byte[300_000];
        r.nextBytes(inputs[601]);
        return inputs;
    }

    public static void main(String[] args) {
        System.out.println("unsafe=" + Keccak256.usesUnsafe());
        Random chunks = new Random(5);
        Keccak256 k = new Keccak256();
        for (byte[] data : inputs()) {
            for (int off = 0; off < data.length; ) {
                int n = Math.min(data.length - off, 1 + chunks.nextInt(3 * Keccak256.RATE));
                k.update(data, off, n);
                off += n;
            }
            System.out.println(HexFormat.of().formatHex(k.digest()));
        }
        byte[][] inputs = inputs();
        long[] lanes = new long[8];
        java.nio.ByteBuffer.wrap(inputs[64]).order(java.nio.ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(lanes);
        long[] le8 = new long[1];
        java.nio.ByteBuffer.wrap(inputs[8]).order(java.nio.ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(le8);
        long[] le32 = new long[4];
        java.nio.ByteBuffer.wrap(inputs[32]).order(java.nio.ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(le32);
        long[] out = new long[4];
        byte[] digest = new byte[32];
        Keccak256.hash8(le8[0], out, 0);
        Keccak256.lanesToBytes(out, 0, digest, 0);
        System.out.println(HexFormat.of().formatHex(digest));
        Keccak256.hash32(le32[0], le32[1], le32[2], le32[3], out, 0);
        Keccak256.lanesToBytes(out, 0, digest, 0);
        System.out.println(HexFormat.of().formatHex(digest));
        Keccak256.hash64(lanes, 0, out, 0);
        Keccak256.lanesToBytes(out, 0, digest, 0);
        System.out.println(HexFormat.of().formatHex(digest));
    }
}
