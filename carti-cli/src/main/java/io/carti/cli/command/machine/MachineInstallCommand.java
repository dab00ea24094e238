package io.carti.cli.command.machine;

import io.carti.cli.BaseCommand;
import io.carti.core.CartiException;
import picocli.CommandLine.Command;

// Placeholder: owned by the 'install' area, which replaces this file.
@Command(name = "install", hidden = true,
        description = "Install a machine package: fetch its bundles and write machine-config.lua.")
public final class MachineInstallCommand extends BaseCommand {
    @Override protected int run() {
        throw new CartiException("'carti machine install' is not available yet");
    }
}
