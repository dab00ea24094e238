package io.carti.core.drive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carti.core.CartiEnv;
import io.carti.core.CartiException;
import io.carti.core.bundle.Bundler;
import io.carti.core.cid.Cid;
import io.carti.core.cid.CidHasher;
import io.carti.core.merkle.MerkleTree;
import io.carti.core.store.Layout;
import io.carti.core.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposerTest {
    @TempDir Path tmp;
    Layout layout;
    Path images;

    @BeforeEach void project() throws IOException {
        Path cwd = Files.createDirectories(tmp.resolve("project"));
        layout = new Layout(CartiEnv.of(cwd, tmp.resolve("home"), Map.of()));
        images = Files.createDirectories(tmp.resolve("images"));
    }

    /** An ext2 image (genext2fs, 1 KiB blocks, with lost+found) of the given files. */
    private Path image(String name, Map<String, String> files) throws IOException {
        Path dir = tmp.resolve("src-" + name);
        for (var e : files.entrySet()) Tools.write(dir.resolve(e.getKey()), e.getValue().getBytes(StandardCharsets.UTF_8));
        return Tools.genext2fs(dir, images.resolve(name + ".ext2"), 1024, 1024, null);
    }

    private Cid bundle(Path file, String type, String name) {
        return new Bundler(layout).bundle(new Bundler.Request(file, null, type, name, "1.0.0", null)).bundle().cid();
    }

    private Composer.Result compose(TreeMerger.Policy policy, Long size, Cid... inputs) {
        return new Composer(layout).compose(new Composer.Request(List.of(inputs), "util", null, policy, size));
    }

    @Test void composesInstalledFlashDrives() throws Exception {
        Cid a = bundle(image("a", Map.of("bin/a", "tool a\n", "share/doc/a.txt", "doc a")), "flashdrive", "a");
        Cid b = bundle(image("b", Map.of("bin/b", "tool b\n", "share/doc/b.txt", "doc b")), "flashdrive", "b");
        Cid dapp = bundle(Fixtures.path("dapp-test-data.ext2"), "flashdrive", "dapp-test-data");
        Composer.Result r = compose(TreeMerger.Policy.MERGE, null, a, b, dapp);

        Path stored = layout.localStore().path(r.cid());
        assertThat(stored).isEqualTo(r.storedFile()).hasFileName("util.ext2");
        assertThat(CidHasher.hash(stored)).isEqualTo(r.cid());
        Tools.e2fsckClean(stored);
        assertThat(r.merkleRoot()).isEqualTo(HexFormat.of().formatHex(new MerkleTree(MerkleTree.WORD_32, r.merkleLog2Size()).root(stored)));
        assertThat(r.sha256()).isEqualTo(DebugfsOracle.sha256(Files.newInputStream(stored)));
        assertThat(Tools.ok("sha256sum", stored.toString())).startsWith(r.sha256());
        assertThat(r.tool()).startsWith("genext2fs");
        // built next to the store and renamed into it: no work files left, readable like any stored bundle
        assertNoWorkFilesLeft();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(stored))).isEqualTo("rw-r--r--");

        // the tree read back equals the merged tree of the inputs
        FileTree merged = TreeMerger.merge(List.of(Ext2Reader.read(layout.localStore().path(a), "a"),
                Ext2Reader.read(layout.localStore().path(b), "b"), Ext2Reader.read(layout.localStore().path(dapp), "d")), TreeMerger.Policy.MERGE);
        Trees.assertSameTree(Ext2Reader.read(stored, "out"), merged);
        assertThat(DebugfsOracle.list(stored)).containsOnlyKeys("bin", "bin/a", "bin/b", "share", "share/doc", "share/doc/a.txt",
                "share/doc/b.txt", "test-data");

        // recorded like carti bundle: local index and carti-meta.json with the composition
        assertThat(layout.localIndex().byName("util")).singleElement().satisfies(bd -> {
            assertThat(bd.id()).isEqualTo(r.cid().toString());
            assertThat(bd.bundleType()).isEqualTo("flashdrive");
            assertThat(bd.uri()).isEqualTo(stored.toString());
        });
        var meta = layout.localStore().meta(r.cid()).orElseThrow();
        assertThat(meta.get("bundleType").asText()).isEqualTo("flashdrive");
        assertThat(meta.get("version").asText()).isEqualTo("1.0.0");
        assertThat(meta.at("/composition/inputs/0/id").asText()).isEqualTo(a.toString());
        assertThat(meta.at("/composition/inputs/2/name").asText()).isEqualTo("dapp-test-data");
        assertThat(meta.at("/composition/policy").asText()).isEqualTo("merge");
        assertThat(meta.at("/composition/merkleRoot").asText()).isEqualTo(r.merkleRoot());
    }

    @Test void sameInputsSameBytesWhateverTheOrderOrProject() throws Exception {
        Path ia = image("a", Map.of("x/1", "one", "shared", "same"));
        Path ib = image("b", Map.of("x/2", "two", "shared", "same"));
        Cid a = bundle(ia, "flashdrive", "a");
        Cid b = bundle(ib, "flashdrive", "b");
        Cid first = compose(TreeMerger.Policy.MERGE, null, a, b).cid();
        assertThat(compose(TreeMerger.Policy.MERGE, null, b, a).cid()).isEqualTo(first);
        assertThat(compose(TreeMerger.Policy.MERGE, null, a, b).cid()).isEqualTo(first);
        // another project, inputs in the global store
        Layout other = new Layout(CartiEnv.of(Files.createDirectories(tmp.resolve("other")), tmp.resolve("home2"), Map.of()));
        for (Path img : List.of(ia, ib)) {
            var meta = io.carti.core.json.Json.object().put("bundleType", "flashdrive").put("name", "g").put("fileName", "g.ext2");
            other.globalStore().putFile(img, null, "g.ext2", meta, "test");
        }
        Composer.Result there = new Composer(other).compose(new Composer.Request(List.of(b, a), "util", null, TreeMerger.Policy.MERGE, null));
        assertThat(there.cid()).isEqualTo(first);
    }

    /** The built-in writer: a clean image debugfs reads as the same merged tree, recorded under its own tool name. */
    @Test void composesWithTheBuiltinWriter() throws Exception {
        Cid a = bundle(image("a", Map.of("bin/a", "tool a\n", "share/doc/a.txt", "doc a")), "flashdrive", "a");
        Cid dapp = bundle(Fixtures.path("dapp-test-data.ext2"), "flashdrive", "dapp-test-data");
        Composer.Result r = new Composer(layout, Ext2ImageBuilder.Engine.BUILTIN)
                .compose(new Composer.Request(List.of(a, dapp), "util", null, TreeMerger.Policy.MERGE, null));
        Path stored = layout.localStore().path(r.cid());
        Tools.e2fsckClean(stored);
        assertThat(CidHasher.hash(stored)).isEqualTo(r.cid());
        assertThat(r.merkleRoot()).isEqualTo(HexFormat.of().formatHex(new MerkleTree(MerkleTree.WORD_32, r.merkleLog2Size()).root(stored)));
        assertThat(r.tool()).startsWith("carti's ext2 writer");
        FileTree merged = TreeMerger.merge(List.of(Ext2Reader.read(layout.localStore().path(a), "a"),
                Ext2Reader.read(layout.localStore().path(dapp), "d")), TreeMerger.Policy.MERGE);
        DebugfsOracle.assertSame(stored, merged, tmp);
        assertNoWorkFilesLeft();
    }

    @Test void conflictNamesThePathAndBothBundles() throws IOException {
        Cid a = bundle(image("a", Map.of("etc/conf", "one")), "flashdrive", "first");
        Cid b = bundle(image("b", Map.of("etc/conf", "two")), "flashdrive", "second");
        assertThatThrownBy(() -> compose(TreeMerger.Policy.MERGE, null, a, b)).isInstanceOf(CartiException.class)
                .hasMessageContaining("conflict at 'etc/conf': bundle first (" + a + ") and bundle second (" + b + ") have different content");
        assertThat(layout.localIndex().byName("util")).isEmpty();
        Composer.Result r = compose(TreeMerger.Policy.OVERLAY, null, a, b);
        try (var in = Ext2Reader.read(r.storedFile(), "o").get("etc/conf").orElseThrow().content().open()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("two");
        }
        assertThat(compose(TreeMerger.Policy.OVERLAY, null, b, a).cid()).isNotEqualTo(r.cid());
    }

    @Test void onlyInstalledFlashDrivesCanBeComposed() throws IOException {
        Cid flash = bundle(image("a", Map.of("f", "x")), "flashdrive", "ok");
        Cid rom = bundle(Fixtures.path("rom.bin"), "rom", "my-rom");
        assertThatThrownBy(() -> compose(TreeMerger.Policy.MERGE, null, flash, rom))
                .hasMessage("bundle my-rom (" + rom + ") is a rom bundle, not a flashdrive: only flash drives can be composed");
        Cid bogus = bundle(Fixtures.path("hello.txt"), "flashdrive", "not-ext2");
        assertThatThrownBy(() -> compose(TreeMerger.Policy.MERGE, null, flash, bogus))
                .hasMessageStartingWith("bundle not-ext2 (" + bogus + "): ext2 image ");
        // inputs are read in parallel; the error is still the first bad input's, in input order
        Cid bogus2 = bundle(Fixtures.path("a.bin"), "flashdrive", "also-not-ext2");
        assertThatThrownBy(() -> compose(TreeMerger.Policy.MERGE, null, flash, bogus, bogus2)).hasMessageStartingWith("bundle not-ext2 (");
        assertThatThrownBy(() -> compose(TreeMerger.Policy.MERGE, null, bogus2, flash, bogus)).hasMessageStartingWith("bundle also-not-ext2 (");
        Cid absent = Cid.of("nothing".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> compose(TreeMerger.Policy.MERGE, null, absent))
                .isInstanceOf(CartiException.class).hasMessageContaining("is not installed")
                .extracting(e -> ((CartiException) e).kind()).isEqualTo(CartiException.Kind.NOT_FOUND);
    }

    @Test void explicitSize() throws IOException {
        Cid a = bundle(image("a", Map.of("f", "x")), "flashdrive", "a");
        Composer.Result r = compose(TreeMerger.Policy.MERGE, 4L << 20, a);
        assertThat(r.size()).isEqualTo(4L << 20);
        assertThat(r.merkleLog2Size()).isEqualTo(22);
        assertThatThrownBy(() -> compose(TreeMerger.Policy.MERGE, 16384L, a)).hasMessageContaining("is too small");
        assertNoWorkFilesLeft();
    }

    /** A failed build in a project without a store leaves no store directory behind. */
    @Test void failureLeavesNoStoreBehind() throws IOException {
        Layout g = new Layout(CartiEnv.of(Files.createDirectories(tmp.resolve("fresh")), tmp.resolve("home"), Map.of()));
        Path img = image("a", Map.of("f", "x"));
        var meta = io.carti.core.json.Json.object().put("bundleType", "flashdrive").put("name", "a").put("fileName", "a.ext2");
        Cid a = g.globalStore().putFile(img, null, "a.ext2", meta, "test").cid();
        assertThatThrownBy(() -> new Composer(g).compose(new Composer.Request(List.of(a), "util", null, TreeMerger.Policy.MERGE, 16384L)))
                .hasMessageContaining("is too small");
        assertThat(g.localStoreDir()).doesNotExist();
    }

    private void assertNoWorkFilesLeft() throws IOException {
        try (var entries = Files.list(layout.localStoreDir())) {
            assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".compose-") || n.startsWith(".incoming-"));
        }
    }
}
