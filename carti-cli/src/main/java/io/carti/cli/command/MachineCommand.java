package io.carti.cli.command;

import io.carti.cli.BaseCommand;
import io.carti.core.CartiException;
import picocli.CommandLine.Command;

// Placeholder: registered in Main; the team member who owns this command replaces this file.
@Command(name = "machine", hidden = true, description = "Describe a Cartesi machine in carti-machine-package.json and render its Lua config.")
public final class MachineCommand extends BaseCommand {
    @Override protected int run() {
        throw new CartiException("'carti machine' is not available in this build yet");
    }
}
