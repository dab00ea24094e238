package io.carti.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carti.core.CartiException;
import io.carti.core.cid.Cid;
import io.carti.core.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BundleStoreTest {
    static final Cid HELLO = Cid.parse("baenrwic5gakagfyum5usyghneve4rza6bq7xiuougvkdephvzun62zfsxm");
    @TempDir Path tmp;

    @Test
    void putWritesUpstreamLayoutAndMeta() throws IOException {
        BundleStore s = new BundleStore(tmp);
        var meta = Json.object().put("bundleType", "raw").put("name", "hello").put("fileName", "hello.txt");
        BundleStore.Stored st = s.put(in("hello"), HELLO, "hello.txt", meta, "bundle hello", "test");
        assertThat(st.cid()).isEqualTo(HELLO);
        assertThat(st.path()).isEqualTo(tmp.resolve(HELLO + "/hello.txt"));
        assertThat(Files.readString(st.path())).isEqualTo("hello");
        assertThat(Files.readString(tmp.resolve(HELLO + "/carti-meta.json")))
                .isEqualTo("{\"bundleType\":\"raw\",\"name\":\"hello\",\"fileName\":\"hello.txt\"}\n");
        assertThat(s.path(HELLO)).isEqualTo(st.path());
        // stored files are readable by others (temp files start 0600)
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(st.path()))).isEqualTo("rw-r--r--");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(tmp.resolve(HELLO + "/carti-meta.json")))).isEqualTo("rw-r--r--");
        assertThat(s.exists(HELLO)).isTrue();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void mismatchLeavesNothingBehind() throws IOException {
        BundleStore s = new BundleStore(tmp);
        assertThatThrownBy(() -> s.put(in("hellO"), HELLO, "hello.txt", null, "bundle hello", "http://x/hello"))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("bundle hello").hasMessageContaining("http://x/hello")
                .hasMessageContaining("expected " + HELLO);
        assertThat(s.exists(HELLO)).isFalse();
        try (Stream<Path> l = Files.list(tmp)) {
            assertThat(l).isEmpty();
        }
    }

    @Test
    void failingStreamLeavesNoPartialFile() throws IOException {
        BundleStore s = new BundleStore(tmp);
        InputStream broken = new InputStream() {
            int n;
            @Override public int read() throws IOException {
                if (n++ > 10) throw new IOException("connection reset");
                return 'a';
            }
        };
        assertThatThrownBy(() -> s.put(broken, null, "f", null, "bundle f", "http://x/f")).isInstanceOf(CartiException.class)
                .hasMessageContaining("connection reset");
        try (Stream<Path> l = Files.list(tmp)) {
            assertThat(l).isEmpty();
        }
    }

    @Test
    void adoptRenamesAnIncomingFileIntoTheStore() throws IOException {
        BundleStore s = new BundleStore(tmp.resolve("store"));
        Path incoming = s.incomingFile();
        assertThat(incoming.getParent()).isEqualTo(s.base());
        Files.writeString(incoming, "hello");
        Object inode = Files.readAttributes(incoming, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        var meta = Json.object().put("bundleType", "raw").put("name", "hello").put("fileName", "hello.txt");
        BundleStore.Stored st = s.adopt(incoming, HELLO, "hello.txt", meta, "bundle hello");
        assertThat(st.cid()).isEqualTo(HELLO);
        assertThat(st.size()).isEqualTo(5);
        assertThat(st.path()).isEqualTo(s.base().resolve(HELLO + "/hello.txt"));
        assertThat(Files.readString(st.path())).isEqualTo("hello");
        // moved, not copied: the same inode, and nothing left at the old name
        assertThat(Files.readAttributes(st.path(), java.nio.file.attribute.BasicFileAttributes.class).fileKey()).isEqualTo(inode);
        assertThat(Files.exists(incoming)).isFalse();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(st.path()))).isEqualTo("rw-r--r--");
        assertThat(s.meta(HELLO)).isPresent();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void adoptWithTheWrongCidStoresNothingAndLeavesTheFile() throws IOException {
        BundleStore s = new BundleStore(tmp.resolve("store"));
        Path incoming = s.incomingFile();
        Files.writeString(incoming, "hellO");
        assertThatThrownBy(() -> s.adopt(incoming, HELLO, "hello.txt", null, "bundle hello"))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("expected " + HELLO);
        assertThat(s.exists(HELLO)).isFalse();
        assertThat(Files.readString(incoming)).isEqualTo("hellO");
        assertThatThrownBy(() -> s.adopt(incoming, null, "../evil", null, "bundle x")).hasMessageContaining("unsafe file name");
        assertThatThrownBy(() -> s.adopt(tmp.resolve("missing"), null, "x", null, "bundle x")).hasMessageContaining("no such file");
        try (Stream<Path> l = Files.list(s.base())) {
            assertThat(l).containsExactly(incoming);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil", "..", ".", "a/b", "", "x\0y", "..\\x"})
    void hostileFileNamesAreRefused(String name) {
        BundleStore s = new BundleStore(tmp.resolve("store"));
        assertThatThrownBy(() -> s.put(in("hello"), null, name, null, "bundle x", "test"))
                .isInstanceOf(CartiException.class).hasMessageContaining("unsafe file name");
        assertThat(Files.exists(tmp.resolve("evil"))).isFalse();
    }

    @Test
    void hostileMetaFileNameIsRefusedOnRead() throws IOException {
        Path dir = tmp.resolve(HELLO.toString());
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("carti-meta.json"), "{\"fileName\":\"../../etc/passwd\"}\n");
        BundleStore s = new BundleStore(tmp);
        assertThatThrownBy(() -> s.path(HELLO)).hasMessageContaining("unsafe file name");
        assertThat(s.file(HELLO)).isEmpty();
    }

    @Test
    void pathWithoutMetaIsCidNamed() {
        assertThat(new BundleStore(tmp).path(HELLO)).isEqualTo(tmp.resolve(HELLO + "/" + HELLO));
    }

    private static InputStream in(String s) { return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)); }

    private java.util.List<Path> leftovers() throws IOException {
        try (Stream<Path> l = Files.walk(tmp)) {
            return l.filter(p -> p.getFileName().toString().endsWith(".part") || p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
