package io.carti.cli.command.publish;

import io.carti.cli.BaseCommand;
import io.carti.core.CartiException;
import picocli.CommandLine.Command;

// Placeholder: registered in PublishCommand; the oci team member replaces this file.
@Command(name = "oci", hidden = true, description = "Publish a bundle to an OCI registry.")
public final class PublishOciCommand extends BaseCommand {
    @Override protected int run() {
        throw new CartiException("'carti publish oci' is not available yet");
    }
}
