package io.carti.cli.command;

import io.carti.cli.BaseCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "install", sortOptions = false,
        description = "Install a bundle from the added repos into the local store ./carti_bundles (or the global one with -g). "
                + "The download is verified against the bundle's CID before it enters the store; "
                + "when a source fails, the other known sources of the same CID are tried.",
        footerHeading = "%nExamples:%n",
        footer = {"  carti install -y default-rom",
                "  carti install -g default-ram@v0.7.0",
                "  carti install baenrwigwdfweve3apyvwicc2zpmzz6vdhsg62xnmzhauruw6ud4dbbafuq",
                "  carti --offline install -y dapp-data     # only from stores and local paths"})
public final class InstallCommand extends BaseCommand {
    boolean help;

    @Parameters(paramLabel = "<name>", description = "Bundle name, name@version, or CID.")
    String ref;

    @Option(names = {"-y", "--yes"}, description = "Use the first match, never prompt.")
    boolean yes;

    @Option(names = {"-g", "--global"}, description = "Install into the global store ~/.carti/carti_bundles.")
    boolean global;

    @Option(names = {"-n", "--noprogress"}, description = "No progress output.")
    boolean noProgress;

    @Option(names = {"-f", "--force"}, description = "Download again even if the store already has the bundle.")
    boolean force;

    @Override protected int run() {
        BundleInstall.run(ctx(), ref, yes, global, force, noProgress);
        return 0;
    }
}
