package io.carti.core.oci;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Optional;

/**
 * Reads the {@code user.rootlesscontainers} xattr that {@code umoci --rootless} writes instead of chown: a
 * protobuf {@code Resource{uint32 uid = 1; uint32 gid = 2}} (absent fields are 0).
 */
final class RootlessXattr {
    private RootlessXattr() {}

    static Optional<long[]> read(Path p) throws IOException {
        // user xattrs exist only on files and directories (and opening a fifo to list them would block)
        if (!Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        UserDefinedFileAttributeView v = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
        if (v == null || !v.list().contains("rootlesscontainers")) return Optional.empty();
        ByteBuffer b = ByteBuffer.allocate(v.size("rootlesscontainers"));
        v.read("rootlesscontainers", b);
        b.flip();
        long[] out = {0, 0};
        while (b.hasRemaining()) {
            int tag = (int) varint(b);
            long val = varint(b);
            if (tag >> 3 == 1) out[0] = val;
            if (tag >> 3 == 2) out[1] = val;
        }
        return Optional.of(out);
    }

    private static long varint(ByteBuffer b) {
        long v = 0;
        int shift = 0;
        while (true) {
            int x = b.get() & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) return v;
            shift += 7;
        }
    }
}
