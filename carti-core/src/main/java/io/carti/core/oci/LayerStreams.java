package io.carti.core.oci;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Opens a layer's tar stream, detecting gzip, zstd or plain by magic bytes (never by name or media type). */
public final class LayerStreams {
    public enum Compression { GZIP, ZSTD, NONE }

    private LayerStreams() {}

    public static Compression detect(BufferedInputStream in) throws IOException {
        in.mark(4);
        byte[] m = in.readNBytes(4);
        in.reset();
        if (m.length >= 2 && (m[0] & 0xff) == 0x1f && (m[1] & 0xff) == 0x8b) return Compression.GZIP;
        if (m.length == 4 && (m[0] & 0xff) == 0x28 && (m[1] & 0xff) == 0xb5 && (m[2] & 0xff) == 0x2f && (m[3] & 0xff) == 0xfd) return Compression.ZSTD;
        return Compression.NONE;
    }

    /**
     * A layer's uncompressed tar. When the decompressor reports the end, the rest of the blob is read too, so that
     * the blob's verifying stream (see {@link Layer#opener}) checks its size and digest before the end is reported.
     * Reading and hashing the blob run on a thread of their own ({@link ReadAheadStream}), ahead of the inflating.
     */
    static InputStream open(Layer layer) throws IOException {
        InputStream blob = new ReadAheadStream(layer.opener().open(), "carti-" + layer.describe() + " blob");
        BufferedInputStream raw = new BufferedInputStream(blob, 1 << 16);
        try {
            InputStream plain = decompress(raw, detect(raw));
            return new FilterInputStream(plain) {
                @Override public int read(byte[] b, int off, int len) throws IOException {
                    int n = in.read(b, off, len);
                    if (n < 0) raw.transferTo(OutputStream.nullOutputStream());
                    return n;
                }

                @Override public void close() throws IOException {
                    try (raw) {
                        in.close();
                    }
                }
            };
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    public static InputStream decompress(BufferedInputStream raw, Compression c) throws IOException {
        return switch (c) {
            case GZIP -> GzipCompressorInputStream.builder().setInputStream(raw).setDecompressConcatenated(true).get();
            case ZSTD -> new ZstdInputStream(raw).setContinuous(false);
            case NONE -> raw;
        };
    }
}
