package io.carti.cli.command;

import io.carti.cli.command.publish.PublishDiskCommand;
import io.carti.cli.command.publish.PublishOciCommand;
import io.carti.cli.command.publish.PublishS3Command;
import io.carti.cli.command.publish.PublishUriCommand;
import io.carti.cli.ParentCommand;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "publish", sortOptions = false,
        description = {"Publish a bundle of the local store (./carti_bundles) so that others can install it: upload it to S3 "
                + "or a directory, or point at where it is served, and record it with its uri in ./bundles.json.",
                "Commit ./bundles.json to a git repository (--commit) and others can 'carti repo add' it."},
        footerHeading = "%nExamples:%n",
        footer = {"  carti publish s3 -y dapp-data --bucket my-bundles",
                "  carti publish s3 -y dapp-data --bucket b --endpoint http://127.0.0.1:9000 --path-style   # MinIO",
                "  carti publish disk -y dapp-data /srv/carti-store --commit",
                "  carti publish uri -y dapp-data https://example.com/bundles/dapp-data.ext2"})
public final class PublishCommand implements Runnable, ParentCommand {
    private static final Map<String, Class<?>> SUBCOMMANDS = ParentCommand.table(
            "s3", PublishS3Command.class,
            "disk", PublishDiskCommand.class,
            "uri", PublishUriCommand.class,
            "oci", PublishOciCommand.class);

    @Override public Map<String, Class<?>> subcommands() { return SUBCOMMANDS; }

    @Spec CommandSpec spec;

    @Override public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: s3, disk, uri or oci");
    }
}
