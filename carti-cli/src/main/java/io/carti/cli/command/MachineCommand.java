package io.carti.cli.command;

import io.carti.cli.command.machine.MachineAddCommand;
import io.carti.cli.command.machine.MachineBuildCommand;
import io.carti.cli.command.machine.MachineCheckCommand;
import io.carti.cli.command.machine.MachineImportCommand;
import io.carti.cli.command.machine.MachineInitCommand;
import io.carti.cli.command.machine.MachineInstallCommand;
import io.carti.cli.command.machine.MachineRepoCommand;
import io.carti.cli.command.machine.MachineRmCommand;
import io.carti.cli.ParentCommand;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "machine", sortOptions = false,
        description = "Describe a Cartesi machine in ./carti-machine-package.json (ram, rom, flash drives, boot args, repos) "
                + "and render its Lua config ./machine-config.lua.",
        footerHeading = "%nExamples:%n",
        footer = {"  carti machine init",
                "  carti machine add flash dapp-data -m data -y",
                "  carti machine add boot 'ls /mnt/data'",
                "  carti machine check",
                "  carti machine build                      # machine-config.lua for emulator 0.7",
                "  carti machine build --target 0.19 --cmdline",
                "  carti machine import machine-config.lua"})
public final class MachineCommand implements Runnable, ParentCommand {
    private static final Map<String, Class<?>> SUBCOMMANDS = ParentCommand.table(
            "init", MachineInitCommand.class,
            "add", MachineAddCommand.class,
            "rm", MachineRmCommand.class,
            "repo", MachineRepoCommand.class,
            "build", MachineBuildCommand.class,
            "check", MachineCheckCommand.class,
            "import", MachineImportCommand.class,
            "install", MachineInstallCommand.class);

    @Override public Map<String, Class<?>> subcommands() { return SUBCOMMANDS; }

    @Spec CommandSpec spec;

    @Override public void run() { throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand"); }
}
