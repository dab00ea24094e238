package io.carti.core.drive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carti.core.CartiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TreeMergerTest {
    private static FileTree.Node file(String path, String text, String origin) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new FileTree.Node(path, FileTree.Type.FILE, 0644, 0, 0, b.length, () -> new java.io.ByteArrayInputStream(b), null, 0, 0, origin);
    }

    private static FileTree.Node dir(String path, int mode, String origin) {
        return new FileTree.Node(path, FileTree.Type.DIR, mode, 0, 0, 0, null, null, 0, 0, origin);
    }

    private static FileTree.Node link(String path, String target, String origin) {
        return new FileTree.Node(path, FileTree.Type.HARDLINK, 0644, 0, 0, 0, null, target, 0, 0, origin);
    }

    private static FileTree tree(String origin, FileTree.Node... nodes) {
        FileTree t = new FileTree();
        t.put(new FileTree.Node("", FileTree.Type.DIR, 0700, 1000, 1000, 0, null, null, 0, 0, origin));
        for (FileTree.Node n : nodes) t.put(n);
        return t;
    }

    private static String text(FileTree t, String path) throws IOException {
        try (var in = t.get(path).orElseThrow().content().open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test void disjointAndIdenticalEntriesMergeInAnyOrder() throws IOException {
        FileTree a = tree("A", dir("etc", 0755, "A"), file("etc/a.conf", "a", "A"), file("same", "x", "A"), dir("lost+found", 0700, "A"));
        FileTree b = tree("B", dir("etc", 0755, "B"), file("etc/b.conf", "b", "B"), file("same", "x", "B"), dir("lost+found", 0700, "B"));
        FileTree ab = TreeMerger.merge(List.of(a, b), TreeMerger.Policy.MERGE);
        FileTree ba = TreeMerger.merge(List.of(b, a), TreeMerger.Policy.MERGE);
        Trees.assertSameTree(ab, ba);
        assertThat(ab.nodes().stream().map(FileTree.Node::path)).containsExactly("", "etc", "etc/a.conf", "etc/b.conf", "same");
        assertThat(ab.get("").orElseThrow()).extracting(FileTree.Node::mode, FileTree.Node::uid).containsExactly(0755, 0L);
    }

    @Test void conflictsNameThePathAndBothInputs() {
        FileTree a = tree("bundle A", dir("etc", 0755, "bundle A"), file("etc/x", "one", "bundle A"));
        assertThatThrownBy(() -> TreeMerger.merge(List.of(a, tree("bundle B", dir("etc", 0755, "bundle B"), file("etc/x", "two", "bundle B"))),
                TreeMerger.Policy.MERGE)).isInstanceOf(CartiException.class)
                .hasMessage("conflict at 'etc/x': bundle A and bundle B have different content (use the overlay policy, --overlay, to let later inputs win)");
        assertThatThrownBy(() -> TreeMerger.merge(List.of(a, tree("bundle B", file("etc", "f", "bundle B"))), TreeMerger.Policy.MERGE))
                .hasMessageContaining("conflict at 'etc': bundle A and bundle B have different types (a directory and a file)");
        assertThatThrownBy(() -> TreeMerger.merge(List.of(a, tree("bundle B", dir("etc", 0700, "bundle B"))), TreeMerger.Policy.MERGE))
                .hasMessageContaining("conflict at 'etc'").hasMessageContaining("different metadata (mode 755 0:0 and 700 0:0)");
        FileTree linked = tree("bundle C", dir("etc", 0755, "bundle C"), file("etc/w", "one", "bundle C"), link("etc/x", "etc/w", "bundle C"));
        assertThatThrownBy(() -> TreeMerger.merge(List.of(a, linked), TreeMerger.Policy.MERGE))
                .hasMessageContaining("conflict at 'etc/x'").hasMessageContaining("(a file and a hard link)");
    }

    @Test void overlayLetsLaterInputsWin() throws IOException {
        FileTree a = tree("A", dir("d", 0755, "A"), file("d/inner", "i", "A"), file("x", "old", "A"), dir("m", 0755, "A"));
        FileTree b = tree("B", file("d", "now a file", "B"), file("x", "new", "B"), dir("m", 0700, "B"));
        FileTree t = TreeMerger.merge(List.of(a, b), TreeMerger.Policy.OVERLAY);
        assertThat(text(t, "x")).isEqualTo("new");
        assertThat(text(t, "d")).isEqualTo("now a file");
        assertThat(t.contains("d/inner")).isFalse();
        assertThat(t.get("m").orElseThrow().mode()).isEqualTo(0700);
    }

    /** A replaced file's other hard-linked names keep the old bytes, like an overlay filesystem. */
    @Test void overlayKeepsHardLinksOfAReplacedFile() throws IOException {
        FileTree a = tree("A", file("a", "old", "A"), link("b", "a", "A"), link("c", "a", "A"));
        FileTree b = tree("B", file("a", "new", "B"));
        FileTree t = TreeMerger.merge(List.of(a, b), TreeMerger.Policy.OVERLAY);
        assertThat(text(t, "a")).isEqualTo("new");
        assertThat(t.get("b").orElseThrow().type()).isEqualTo(FileTree.Type.FILE);
        assertThat(text(t, "b")).isEqualTo("old");
        assertThat(t.get("c").orElseThrow().linkTarget()).isEqualTo("b");
    }
}
