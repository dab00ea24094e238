package io.carti.core.cid;

import java.nio.file.Path;

/** Child-JVM entry point for {@link LargeFileCidTest}: prints the CID of the file named by args[0]. */
public final class PrintCid {
    private PrintCid() {}

    public static void main(String[] args) throws Exception {
        System.out.println(CidHasher.hash(Path.of(args[0])));
    }
}
