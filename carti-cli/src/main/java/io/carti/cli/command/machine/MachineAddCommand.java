package io.carti.cli.command.machine;

import io.carti.cli.ParentCommand;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "add", description = "Add a bundle to the machine package as its ram, rom or a flash drive; set the boot command; "
        + "or import an OCI image as a drive.",
        footerHeading = "%nExamples:%n",
        footer = {"  carti machine add ram linux -y", "  carti machine add rom rom -y",
                "  carti machine add flash dapp-data -m data -y", "  carti machine add flash -m scratch -l 0x100000",
                "  carti machine add boot 'ls /mnt/data'"})
public final class MachineAddCommand implements Runnable, ParentCommand {
    private static final Map<String, Class<?>> SUBCOMMANDS = ParentCommand.table(
            "ram", MachineAddRamCommand.class,
            "rom", MachineAddRomCommand.class,
            "flash", MachineAddFlashCommand.class,
            "boot", MachineAddBootCommand.class,
            "oci", MachineAddOciCommand.class);

    @Override public Map<String, Class<?>> subcommands() { return SUBCOMMANDS; }

    @Spec CommandSpec spec;

    @Override public void run() { throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (ram, rom, flash, boot, oci)"); }
}
