package io.carti.cli.command.machine;

import io.carti.core.CartiException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "import", description = "Turn an existing machine-config.lua into ./carti-machine-package.json, bundling its images.")
public final class MachineImportCommand extends MachineLeafCommand {
    @Parameters(paramLabel = "<machine-config.lua>", description = "The Lua config to import.")
    String file;

    @Override protected int execute() {
        throw new CartiException("'carti machine import' is not available yet");
    }
}
