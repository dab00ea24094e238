package io.carti.cli.command.machine;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "add", description = "Add a bundle to the machine package as its ram, rom or a flash drive; set the boot command; "
        + "or import an OCI image as a drive.",
        subcommands = {MachineAddRamCommand.class, MachineAddRomCommand.class, MachineAddFlashCommand.class,
                MachineAddBootCommand.class, MachineAddOciCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  carti machine add ram linux -y", "  carti machine add rom rom -y",
                "  carti machine add flash dapp-data -m data -y", "  carti machine add flash -m scratch -l 0x100000",
                "  carti machine add boot 'ls /mnt/data'"})
public final class MachineAddCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override public void run() { throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (ram, rom, flash, boot, oci)"); }
}
