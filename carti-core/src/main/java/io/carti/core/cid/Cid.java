package io.carti.core.cid;

import java.util.Arrays;
import java.util.HexFormat;
import org.apache.commons.codec.binary.Base32;

/**
 * A content identifier as upstream carti writes it: CIDv1 whose content codec and multihash are both
 * keccak-256 (0x1b), over the <em>double</em> Keccak-256 of the bytes (bug-compatible, see docs/compat.md B1).
 * Text form: multibase base32 (RFC 4648, lower case, no padding) with the {@code b} prefix.
 */
public final class Cid {
    /** multicodec keccak-256, used by upstream both as content codec and as multihash code. */
    public static final int KECCAK_256 = 0x1b;

    private final byte[] bytes;

    private Cid(byte[] bytes) { this.bytes = bytes; }

    /** The carti CID for a 32-byte digest (the second Keccak round): {@code 01 1b 1b 20 ‖ digest}. */
    public static Cid ofDigest(byte[] digest) {
        if (digest.length != 32) throw new IllegalArgumentException("digest must be 32 bytes");
        byte[] b = new byte[36];
        b[0] = 1; b[1] = KECCAK_256; b[2] = KECCAK_256; b[3] = 32;
        System.arraycopy(digest, 0, b, 4, 32);
        return new Cid(b);
    }

    /** Hashes a byte array (double Keccak-256) into a CID. */
    public static Cid of(byte[] data) {
        CidHasher h = new CidHasher();
        h.update(data, 0, data.length);
        return h.finish();
    }

    /**
     * Parses a CIDv1 text ({@code b} + base32). Any content codec is accepted (like upstream's
     * {@code CID.parse}); the multihash must be keccak-256 with a 32-byte digest.
     */
    public static Cid parse(String text) {
        if (text == null || text.isEmpty()) throw new InvalidCidException(String.valueOf(text), "empty");
        if (text.startsWith("Qm")) throw new InvalidCidException(text, "CIDv0 (base58) is not used by carti");
        if (text.charAt(0) != 'b') throw new InvalidCidException(text, "expected multibase base32 prefix 'b'");
        String body = text.substring(1);
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) {
                throw new InvalidCidException(text, "character '" + c + "' is not base32");
            }
        }
        byte[] b = new Base32().decode(body.toUpperCase());
        int[] pos = {0};
        long version = varint(b, pos, text);
        if (version != 1) throw new InvalidCidException(text, "unsupported CID version " + version);
        varint(b, pos, text); // content codec
        long mh = varint(b, pos, text);
        if (mh != KECCAK_256) throw new InvalidCidException(text, "multihash 0x" + Long.toHexString(mh) + " is not keccak-256");
        long len = varint(b, pos, text);
        if (len != 32 || b.length - pos[0] != 32) throw new InvalidCidException(text, "digest length does not match");
        if (!format(b).equals(text)) {
            throw new InvalidCidException(text, "not in canonical form");
        }
        return new Cid(b);
    }

    /** True if {@code text} parses as a CID. */
    public static boolean isCid(String text) {
        try { parse(text); return true; } catch (InvalidCidException e) { return false; }
    }

    private static long varint(byte[] b, int[] pos, String text) {
        long v = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            if (pos[0] >= b.length) throw new InvalidCidException(text, "truncated");
            int x = b[pos[0]++] & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) return v;
        }
        throw new InvalidCidException(text, "varint too long");
    }

    private static String format(byte[] b) {
        return "b" + new Base32().encodeAsString(b).replace("=", "").toLowerCase();
    }

    /** The 32-byte multihash digest. */
    public byte[] digest() { return Arrays.copyOfRange(bytes, bytes.length - 32, bytes.length); }

    public byte[] toBytes() { return bytes.clone(); }

    public String digestHex() { return HexFormat.of().formatHex(digest()); }

    @Override public String toString() { return format(bytes); }

    @Override public boolean equals(Object o) { return o instanceof Cid c && Arrays.equals(bytes, c.bytes); }

    @Override public int hashCode() { return Arrays.hashCode(bytes); }
}
