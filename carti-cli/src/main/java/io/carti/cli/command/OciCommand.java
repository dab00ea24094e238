package io.carti.cli.command;

import io.carti.cli.BaseCommand;
import io.carti.core.CartiException;
import picocli.CommandLine.Command;

// Placeholder: registered in Main; the team member who owns this command replaces this file.
@Command(name = "oci", hidden = true, description = "Turn OCI container images into Cartesi drives.")
public final class OciCommand extends BaseCommand {
    @Override protected int run() {
        throw new CartiException("'carti oci' is not available in this build yet");
    }
}
