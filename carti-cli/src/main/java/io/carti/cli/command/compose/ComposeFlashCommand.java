package io.carti.cli.command.compose;

import io.carti.cli.BaseCommand;
import io.carti.cli.Picker;
import io.carti.core.cid.Cid;
import io.carti.core.drive.Composer;
import io.carti.core.drive.Ext2ImageBuilder;
import io.carti.core.drive.TreeMerger;
import io.carti.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "flash", sortOptions = false,
        description = {"Merge the contents of installed flash-drive bundles into one new ext2 drive, stored as a local "
                + "flashdrive bundle <name>.ext2, and print its CID.",
                "The same inputs give the same bytes (and CID, and Merkle root) on every machine: the image is built "
                        + "by genext2fs from a canonical tar. Two inputs holding the same path with different content are an "
                        + "error unless --overlay lets later inputs win."},
        footerHeading = "%nExamples:%n",
        footer = {"  carti compose flash --name my-util tools-a tools-b dapp-data",
                "  carti compose flash --name my-util --version 2.0.0 --size 64Mi tools-a tools-b",
                "  carti compose flash --name patched --overlay base-data patches",
                "  carti compose flash --name my-util --json tools-a tools-b | jq -r .merkleRoot"})
public final class ComposeFlashCommand extends BaseCommand {
    @Option(names = {"-n", "--name"}, required = true, paramLabel = "<name>", description = "Name of the new bundle (its file is <name>.ext2).")
    String name;

    @Option(names = {"-v", "--version"}, paramLabel = "<version>", description = "Version of the new bundle (default: " + Composer.DEFAULT_VERSION + ").")
    String version;

    @Option(names = "--overlay", description = "Later inputs replace what earlier ones have at the same path (default: such conflicts are errors).")
    boolean overlay;

    @Option(names = "--size", paramLabel = "<n>",
            description = "Image size: bytes, 0x hex, or with K/M/G (1024-based), a multiple of 4096 (default: contents + 5%% or 1 MiB).")
    String size;

    @Option(names = "--engine", paramLabel = "host|emulator|builtin", defaultValue = "host",
            description = "What writes the image: genext2fs on this host (default), genext2fs inside the Cartesi machine emulator (needs "
                    + "cartesi-machine on PATH), or carti's own ext2 writer (no genext2fs needed; a different, equally deterministic layout).")
    String engine;

    @Option(names = {"-y", "--yes"}, description = "When a name matches several bundles, use the first, never prompt.")
    boolean yes;

    @Option(names = "--json", description = "Print the composition record (inputs, policy, tool, CID, size, sha256, Merkle root) as JSON.")
    boolean json;

    @Parameters(paramLabel = "<bundle>", arity = "1..*", description = "Input flash-drive bundles: names of installed bundles or CIDs.")
    List<String> bundles;

    @Override protected int run() {
        Ext2ImageBuilder.Engine eng = Ext2ImageBuilder.Engine.parse(engine);
        Long sizeBytes = size == null ? null : ByteSize.parse(size);
        Picker picker = new Picker(console());
        List<Cid> inputs = new ArrayList<>();
        for (String b : bundles) inputs.add(BundleArguments.resolve(b, layout(), picker, yes));
        TreeMerger.Policy policy = overlay ? TreeMerger.Policy.OVERLAY : TreeMerger.Policy.MERGE;
        console().status("Composing " + inputs.size() + " bundle" + (inputs.size() == 1 ? "" : "s") + " into " + name + " (" + policy.json() + ")");
        Composer.Result r = new Composer(layout(), eng).onProgress(console()::status).compose(new Composer.Request(inputs, name, version, policy, sizeBytes));
        if (json) {
            console().println(Json.pretty(r.toJson()));
        } else {
            console().status("composed " + r.fileName() + ": " + r.size() + " bytes, Merkle root " + r.merkleRoot()
                    + " (32-byte words, 2^" + r.merkleLog2Size() + ")");
            console().println(r.cid().toString());
        }
        return 0;
    }
}
