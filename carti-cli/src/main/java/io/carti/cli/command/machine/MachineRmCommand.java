package io.carti.cli.command.machine;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "rm", description = "Remove the ram, the rom or a flash drive (by label) from the machine package.",
        subcommands = {MachineRmRamCommand.class, MachineRmRomCommand.class, MachineRmFlashCommand.class},
        footerHeading = "%nExamples:%n", footer = {"  carti machine rm flash data", "  carti machine rm ram"})
public final class MachineRmCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override public void run() { throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (ram, rom, flash)"); }
}
