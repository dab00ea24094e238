package io.carti.cli.command.machine;

import io.carti.cli.ParentCommand;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "rm", description = "Remove the ram, the rom or a flash drive (by label) from the machine package.",
        footerHeading = "%nExamples:%n", footer = {"  carti machine rm flash data", "  carti machine rm ram"})
public final class MachineRmCommand implements Runnable, ParentCommand {
    private static final Map<String, Class<?>> SUBCOMMANDS = ParentCommand.table(
            "ram", MachineRmRamCommand.class,
            "rom", MachineRmRomCommand.class,
            "flash", MachineRmFlashCommand.class);

    @Override public Map<String, Class<?>> subcommands() { return SUBCOMMANDS; }

    @Spec CommandSpec spec;

    @Override public void run() { throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (ram, rom, flash)"); }
}
