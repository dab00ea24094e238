package io.carti.core.transport;

import io.carti.core.bundle.Bundle;
import io.carti.core.cid.Cid;
import io.carti.core.store.BundleStore;
import java.io.FileNotFoundException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Plain paths and {@code file://} uris. Accepted forms (B11 fixed):
 * <ul>
 *   <li>a file: {@code <store>/<cid>/<file>} (what {@code publish uri} records) or any other file;</li>
 *   <li>a bundle store directory (what upstream's {@code publish disk} records): the bundle is looked up in it by CID;</li>
 *   <li>upstream's reading of {@code <base>/<cid>/<file>}: when that file is gone, {@code <base>} is a store
 *       asked for the bundle's CID (its {@code carti-meta.json} names the file).</li>
 * </ul>
 * Relative paths are resolved by the caller (against the project directory).
 */
public final class DiskSource implements BundleSource {

    @Override public InputStream open(String uri, Bundle bundle, long offset) throws IOException {
        Path file = locate(toPath(uri), bundle)
                .orElseThrow(() -> new FileNotFoundException("no file for bundle " + bundle.name() + " at " + uri));
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        ch.position(offset);
        return new FileStream(ch);
    }

    private static final class FileStream extends FilterInputStream implements KnownLength {
        private final FileChannel ch;

        FileStream(FileChannel ch) {
            super(Channels.newInputStream(ch));
            this.ch = ch;
        }

        @Override public long remainingBytes() {
            try {
                return ch.size() - ch.position();
            } catch (IOException e) {
                return -1;
            }
        }
    }

    public static Path toPath(String uri) {
        return uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
    }

    static Optional<Path> locate(Path p, Bundle bundle) {
        if (Files.isRegularFile(p)) return Optional.of(p);
        Cid cid = bundle.cid();
        if (Files.isDirectory(p)) {
            Optional<Path> inStore = new BundleStore(p).file(cid);
            if (inStore.isPresent()) return inStore;
        }
        Path base = p.getParent() == null ? null : p.getParent().getParent();
        if (base != null && Files.isDirectory(base)) return new BundleStore(base).file(cid);
        return Optional.empty();
    }
}
