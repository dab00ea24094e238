package io.carti.core.drive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FileTreeTest {
    /** The definition: split into components, compare each by its UTF-8 bytes, a prefix first. */
    private static int byComponents(String a, String b) {
        if (a.equals(b)) return 0;
        if (a.isEmpty()) return -1;
        if (b.isEmpty()) return 1;
        String[] x = a.split("/", -1);
        String[] y = b.split("/", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = Arrays.compareUnsigned(x[i].getBytes(StandardCharsets.UTF_8), y[i].getBytes(StandardCharsets.UTF_8));
            if (c != 0) return c;
        }
        return Integer.compare(x.length, y.length);
    }

    @Test void canonicalOrderIsComponentWiseUtf8ByteOrder() {
        String[] atoms = {"a", "b", "-", ".", "0", "é", "\uE000", "😀", "ab", "a-", "/"};
        Random r = new Random(7);
        for (int i = 0; i < 20000; i++) {
            String a = path(r, atoms), b = path(r, atoms);
            assertThat(Integer.signum(FileTree.compareCanonical(a, b))).as("%s vs %s", a, b).isEqualTo(Integer.signum(byComponents(a, b)));
        }
        assertThat(FileTree.compareCanonical("a/b", "a-c")).isNegative();
        assertThat(FileTree.compareCanonical("\uE000", "😀")).isNegative(); // UTF-8 order, not UTF-16
    }

    private static String path(Random r, String[] atoms) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            String s = atoms[r.nextInt(atoms.length)];
            if (s.equals("/") && (sb.length() == 0 || sb.charAt(sb.length() - 1) == '/')) s = "x";
            sb.append(s);
        }
        return sb.length() > 0 && sb.charAt(sb.length() - 1) == '/' ? sb + "z" : sb.toString();
    }

    @Test void childrenAreTheDirectEntriesInOrder() {
        FileTree t = new FileTree();
        for (String d : List.of("a", "a/b", "a-c", "a/b/d")) t.put(new FileTree.Node(d, FileTree.Type.DIR, 0755, 0, 0, 0, null, null, 0, 0, "t"));
        for (String f : List.of("a/z", "a/b/f", "a-c/g", "top")) t.put(new FileTree.Node(f, FileTree.Type.FILE, 0644, 0, 0, 0, null, null, 0, 0, "t"));
        assertThat(t.children("").stream().map(FileTree.Node::path)).containsExactly("a", "a-c", "top");
        assertThat(t.children("a").stream().map(FileTree.Node::path)).containsExactly("a/b", "a/z");
        assertThat(t.children("a/b").stream().map(FileTree.Node::path)).containsExactly("a/b/d", "a/b/f");
        assertThat(t.children("a/b/d")).isEmpty();
    }
}
