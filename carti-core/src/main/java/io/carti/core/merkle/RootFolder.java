package io.carti.core.merkle;

import io.carti.core.cid.Keccak256;

/**
 * Folds the roots of consecutive left-aligned subtrees of one size, pushed in address order, into the tree's
 * root: a stack of complete subtrees of decreasing height (a Merkle mountain range). At the end, every missing
 * right sibling lies past the end of the file and is pristine.
 */
final class RootFolder {
    private final int leafLevel;
    private final int rootLevel;
    private final long[][] pristine;
    /** Stack entry i: lanes at stack[8i..8i+4) (the next 4 are scratch for the right sibling), level levels[i]. */
    private final long[] stack = new long[8 * 66];
    private final int[] levels = new int[66];
    private int depth;

    RootFolder(int leafLevel, int rootLevel, long[][] pristine) {
        this.leafLevel = leafLevel;
        this.rootLevel = rootLevel;
        this.pristine = pristine;
    }

    void push(long[] lanes) {
        System.arraycopy(lanes, 0, stack, 8 * depth, 4);
        levels[depth++] = leafLevel;
        collapse();
    }

    private void collapse() {
        while (depth >= 2 && levels[depth - 1] == levels[depth - 2]) {
            // the right entry goes into the left entry's scratch half: the pair becomes 8 contiguous lanes
            int left = 8 * (depth - 2);
            System.arraycopy(stack, 8 * (depth - 1), stack, left + 4, 4);
            Keccak256.hash64(stack, left, stack, left);
            levels[depth - 2]++;
            depth--;
        }
    }

    long[] finish() {
        if (depth == 0) return pristine[rootLevel].clone();
        while (!(depth == 1 && levels[0] == rootLevel)) {
            int top = 8 * (depth - 1);
            System.arraycopy(pristine[levels[depth - 1]], 0, stack, top + 4, 4);
            Keccak256.hash64(stack, top, stack, top);
            levels[depth - 1]++;
            collapse();
        }
        return java.util.Arrays.copyOf(stack, 4);
    }
}
