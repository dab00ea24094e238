package io.carti.core.oci;

import io.carti.core.CartiException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** An OCI image layout directory ({@code oci-layout}, {@code index.json}, {@code blobs/<alg>/<hex>}). */
public final class OciLayoutDir implements ImageSource, BlobReader {
    private final Path dir;
    private final String tag;

    public OciLayoutDir(Path dir, String tag) {
        this.dir = dir;
        this.tag = tag;
    }

    public static boolean isLayout(Path dir) {
        return Files.isRegularFile(dir.resolve("oci-layout")) && Files.isRegularFile(dir.resolve("index.json"));
    }

    @Override public ResolvedImage resolve(Platform platform) {
        if (!isLayout(dir)) throw new CartiException(CartiException.Kind.INVALID_INPUT, dir + " is not an OCI image layout (no oci-layout/index.json)");
        byte[] index;
        try {
            if (Files.size(dir.resolve("index.json")) > SMALL_LIMIT) throw new CartiException(CartiException.Kind.INVALID_INPUT, dir + "/index.json is too large");
            index = Files.readAllBytes(dir.resolve("index.json"));
        } catch (IOException e) {
            throw new CartiException("cannot read " + dir.resolve("index.json") + ": " + e.getMessage(), e);
        }
        return new ImageResolver(this, dir.toString(), platform).resolve(index, null, tag);
    }

    @Override public InputStream open(Descriptor d) throws IOException {
        Path blob = dir.resolve("blobs").resolve(d.digest().algorithm()).resolve(d.digest().hex());
        try {
            return new VerifyingInputStream(Files.newInputStream(blob), d.digest(), d.size(), "blob " + d.digest() + " in " + dir);
        } catch (NoSuchFileException e) {
            throw new CartiException(CartiException.Kind.NOT_FOUND, "missing blob " + d.digest() + " in " + dir);
        }
    }

    @Override public void close() { /* nothing held */ }
}
