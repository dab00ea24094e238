package io.carti.core.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.bundle.Bundle;
import io.carti.core.cid.Cid;
import io.carti.core.store.BundleStore;
import io.carti.core.testing.Fixtures;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk uri forms (B11): a file, a store directory, upstream's {@code <base>/<cid>/<file>} lookup, file:// uris. */
class DiskSourceTest {
    static final Cid ROM = Cid.parse("baenrwigfd3thblxcse7nvzwsebphtfre5nsmfl3wymz5n3jgi3aqwhsocy");
    @TempDir Path tmp;

    Bundle bundle(String uri) { return Bundle.of("rom", "rom", "rom.bin", ROM, "1", uri); }

    String read(String uri, long offset) throws Exception {
        try (InputStream in = new DiskSource().open(uri, bundle(uri), offset)) {
            return new String(in.readAllBytes());
        }
    }

    BundleStore publishedStore() {
        BundleStore store = new BundleStore(tmp.resolve("pub"));
        ObjectNode meta = bundle(null).toJson();
        store.putFile(Fixtures.path("rom.bin"), ROM, "rom.bin", meta, "rom");
        return store;
    }

    @Test void aFilePathAndAFileUri() throws Exception {
        Path f = publishedStore().path(ROM);
        assertThat(read(f.toString(), 0)).isEqualTo("fakerom");
        assertThat(read(f.toUri().toString(), 0)).isEqualTo("fakerom");
        assertThat(read(f.toString(), 4)).isEqualTo("rom");
        try (InputStream in = new DiskSource().open(f.toString(), bundle(null), 3)) {
            assertThat(((KnownLength) in).remainingBytes()).isEqualTo(4);
        }
    }

    @Test void aStoreDirectoryAsPublishDiskRecordsIt() throws Exception {
        BundleStore store = publishedStore();
        assertThat(read(store.base().toString(), 0)).isEqualTo("fakerom");
    }

    @Test void upstreamsBaseCidFileReadingWhenTheFileNameDiffers() throws Exception {
        BundleStore store = publishedStore();
        assertThat(read(store.base().resolve(ROM.toString()).resolve("renamed.bin").toString(), 0)).isEqualTo("fakerom");
    }

    @Test void aMissingFileIsNotFound() {
        String uri = tmp.resolve("nothing/here.bin").toString();
        assertThatThrownBy(() -> read(uri, 0)).isInstanceOf(FileNotFoundException.class).hasMessageContaining(uri);
        assertThat(Files.exists(tmp.resolve("nothing"))).isFalse();
    }
}
