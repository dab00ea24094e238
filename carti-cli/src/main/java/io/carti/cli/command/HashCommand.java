package io.carti.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.cli.BaseCommand;
import io.carti.cli.Picker;
import io.carti.cli.command.compose.BundleArguments;
import io.carti.core.CartiException;
import io.carti.core.cid.Cid;
import io.carti.core.json.Json;
import io.carti.core.merkle.DriveDigests;
import io.carti.core.merkle.MerkleTree;
import io.carti.core.store.BundleStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "hash", sortOptions = false,
        description = {"Print the CID, the sha256 and the Cartesi Merkle root of a file or an installed bundle.",
                "The Merkle root is the drive's hash in a Cartesi machine: the bytes zero-padded to 2^<log2-size>, "
                        + "Keccak-256 over 32-byte words (emulator 0.18+) or 8-byte words (up to 0.17)."},
        footerHeading = "%nExamples:%n",
        footer = {"  carti hash rootfs.ext2", "  carti hash --merkle --word-size 8 dapp-data",
                "  carti hash --merkle --log2-size 26 my-util.ext2", "  carti hash --json baenrwic6y…   # a CID"})
public final class HashCommand extends BaseCommand {
    @Parameters(paramLabel = "<file|bundle>", description = "A file, or an installed bundle's name or CID.")
    String target;

    @Option(names = "--merkle", description = "Print only the Merkle root (hex).")
    boolean merkleOnly;

    @Option(names = "--word-size", paramLabel = "8|32", defaultValue = "32", description = "Merkle leaf size in bytes (default: 32).")
    int wordSize;

    @Option(names = "--log2-size", paramLabel = "<N>",
            description = "log2 of the Merkle tree's size (default: the smallest power of two >= the file and >= 4096).")
    Integer log2Size;

    @Option(names = {"-y", "--yes"}, description = "When a name matches several bundles, use the first, never prompt.")
    boolean yes;

    @Option(names = "--json", description = "Print one JSON document on stdout.")
    boolean json;

    @Override protected int run() throws IOException {
        int log2Word = MerkleTree.log2WordOf(wordSize);
        Path file = locate();
        long size = Files.size(file);
        int k = log2Size != null ? log2Size : MerkleTree.defaultLog2Size(size);
        MerkleTree tree = new MerkleTree(log2Word, k);
        if (merkleOnly) {
            console().println(HexFormat.of().formatHex(tree.root(file)));
            return 0;
        }
        DriveDigests d = DriveDigests.of(file, tree); // one read for all three
        if (json) {
            ObjectNode o = Json.object();
            o.put("file", file.toString());
            o.put("size", size);
            o.put("cid", d.cid().toString());
            o.put("sha256", d.sha256());
            o.put("merkleRoot", d.merkleRoot());
            o.put("wordSize", wordSize);
            o.put("log2Size", k);
            console().println(Json.pretty(o));
            return 0;
        }
        console().println("cid:         " + d.cid());
        console().println("sha256:      " + d.sha256());
        console().println("merkle root: " + d.merkleRoot() + " (" + wordSize + "-byte words, log2 size " + k + ")");
        return 0;
    }

    /** A path that exists wins; else a CID in the local or global store; else an installed bundle's name. */
    private Path locate() {
        Path p = ctx().env().resolve(target);
        if (Files.isRegularFile(p)) return p;
        if (Files.isDirectory(p)) throw new CartiException(CartiException.Kind.INVALID_INPUT, p + " is a directory, not a file");
        if (!Cid.isCid(target) && (target.contains("/") || target.contains("."))) {
            throw new CartiException(CartiException.Kind.NOT_FOUND, "no such file: " + p);
        }
        Cid cid = BundleArguments.resolve(target, layout(), new Picker(console()), yes);
        for (BundleStore store : new BundleStore[] {layout().localStore(), layout().globalStore()}) {
            Optional<Path> f = store.file(cid);
            if (f.isPresent()) return f.get();
        }
        throw new CartiException(CartiException.Kind.NOT_FOUND, "bundle " + cid + " is not in the local or global store");
    }
}
