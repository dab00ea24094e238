package io.carti.core.oci;

/** An image to import: a layout directory, a docker-save tarball or a registry reference. */
public interface ImageSource extends AutoCloseable {
    /** Picks the image for {@code platform} and reads (and verifies) its manifest and config. */
    ResolvedImage resolve(Platform platform);

    @Override void close();
}
