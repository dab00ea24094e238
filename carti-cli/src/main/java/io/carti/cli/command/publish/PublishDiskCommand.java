package io.carti.cli.command.publish;

import io.carti.cli.BaseCommand;
import io.carti.core.bundle.Bundle;
import io.carti.core.publish.DiskTarget;
import io.carti.core.publish.ProgressListener;
import io.carti.core.publish.Publisher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "disk", sortOptions = false,
        description = {"Copy a bundle into a bundle store directory (<dir>/<cid>/<fileName>) and list it in ./bundles.json "
                + "with the uri <dir>/<cid>/<fileName>, which 'carti install' reads.",
                "Share the directory (NFS, a mounted volume) and the listing, e.g. with --commit."},
        footerHeading = "%nExamples:%n",
        footer = {"  carti publish disk -y dapp-data /srv/carti-store",
                "  carti publish disk -y dapp-data ../team-store --commit"})
public final class PublishDiskCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "<bundle>", description = "Name of a bundle in the local store.")
    String name;

    @Parameters(index = "1", paramLabel = "<dir>", description = "The store directory (created if missing).")
    String dir;

    @Mixin PublishOptions common;

    @Option(names = "--nosave", description = "Do not copy the file; only list the bundle with its uri in that directory.")
    boolean nosave;

    @Option(names = "--force", description = "Copy even when the directory already holds the bundle.")
    boolean force;

    @Override protected int run() {
        Publisher publisher = new Publisher(layout());
        Bundle bundle = PublishFlow.choose(publisher, console(), name, common.yes);
        DiskTarget target = new DiskTarget(ctx().env().resolve(dir));
        Publisher.Result r = publisher.publish(bundle, target,
                new Publisher.Options(null, !nosave, force, common.commit), ProgressListener.NONE);
        PublishFlow.report(console(), r, target.where(), common);
        return 0;
    }
}
