package io.carti.core.cid;

import io.carti.core.store.BundleStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Benchmark entry point for {@code bench/cid-throughput} (the one place in carti-core that prints): prints the CID
 * of each file, the way {@code carti bundle} computes it.
 * <pre>
 * java -cp carti.jar io.carti.core.cid.HashFileMain [--bouncycastle | --store DIR] FILE...
 * </pre>
 * {@code --store DIR} copies each file into a bundle store at DIR with {@link BundleStore#putFile} (hash while
 * copying), {@code --bouncycastle} hashes with Bouncy Castle's KeccakDigest instead of {@link Keccak256}, to compare.
 */
public final class HashFileMain {
    private HashFileMain() {}

    public static void main(String[] args) throws IOException {
        int i = 0;
        String mode = "carti";
        Path store = null;
        if (i < args.length && args[i].equals("--bouncycastle")) { mode = "bc"; i++; }
        else if (i + 1 < args.length && args[i].equals("--store")) { store = Path.of(args[i + 1]); i += 2; }
        if (i >= args.length) {
            System.err.println("usage: HashFileMain [--bouncycastle | --store DIR] FILE...");
            System.exit(2);
        }
        for (; i < args.length; i++) {
            Path f = Path.of(args[i]);
            Cid cid = store != null ? new BundleStore(store).putFile(f, null, f.getFileName().toString(), null, "bench").cid()
                    : mode.equals("bc") ? bouncyCastle(f) : CidHasher.hash(f);
            System.out.println(cid + "  " + f);
        }
    }

    private static Cid bouncyCastle(Path f) throws IOException {
        KeccakDigest d = new KeccakDigest(256);
        byte[] buf = new byte[CidHasher.CHUNK];
        try (InputStream in = Files.newInputStream(f)) {
            for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
        }
        byte[] h = new byte[32];
        d.doFinal(h, 0);
        d.update(h, 0, 32);
        d.doFinal(h, 0);
        return Cid.ofDigest(h);
    }
}
