package io.carti.cli.command.machine;

import io.carti.cli.BaseCommand;
import io.carti.core.CartiException;
import picocli.CommandLine.Command;

// Placeholder: owned by the 'oci' area, which replaces this file.
@Command(name = "oci", hidden = true, description = "Import an OCI image as a flash drive of the machine.")
public final class MachineAddOciCommand extends BaseCommand {
    @Override protected int run() {
        throw new CartiException("'carti machine add oci' is not available yet");
    }
}
