package io.carti.core.oci;

import io.carti.core.CartiException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** An OCI content digest {@code <algorithm>:<hex>} (sha256 and sha512 are verifiable). */
public record Digest(String algorithm, String hex) {
    private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");

    public Digest {
        Pattern p = switch (algorithm) {
            case "sha256" -> SHA256;
            case "sha512" -> SHA512;
            default -> throw new CartiException(CartiException.Kind.INVALID_INPUT, "unsupported digest algorithm '" + algorithm + "'");
        };
        if (!p.matcher(hex).matches()) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, "invalid " + algorithm + " digest '" + hex + "'");
        }
    }

    public static Digest parse(String s) {
        if (s == null) throw new CartiException(CartiException.Kind.INVALID_INPUT, "missing digest");
        int i = s.indexOf(':');
        if (i <= 0) throw new CartiException(CartiException.Kind.INVALID_INPUT, "invalid digest '" + s + "'");
        return new Digest(s.substring(0, i), s.substring(i + 1));
    }

    public static Digest sha256(byte[] data) {
        MessageDigest md = messageDigest("sha256");
        return new Digest("sha256", HexFormat.of().formatHex(md.digest(data)));
    }

    public static Digest of(String algorithm, byte[] rawHash) {
        return new Digest(algorithm, HexFormat.of().formatHex(rawHash));
    }

    public MessageDigest newMessageDigest() { return messageDigest(algorithm); }

    static MessageDigest messageDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.equals("sha512") ? "SHA-512" : "SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override public String toString() { return algorithm + ":" + hex; }

    // Written out: a record's generated equals/hashCode bootstrap through invokedynamic on first use, which spins
    // ~20 classes and costs an import ~0.1 s of start-up plus C2 compiling the JDK's bytecode generator.
    @Override public boolean equals(Object o) {
        return o instanceof Digest d && algorithm.equals(d.algorithm) && hex.equals(d.hex);
    }

    @Override public int hashCode() { return 31 * algorithm.hashCode() + hex.hashCode(); }
}
