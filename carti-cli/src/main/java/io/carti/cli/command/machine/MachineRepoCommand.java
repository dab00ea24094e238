package io.carti.cli.command.machine;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "repo", description = "Manage the repos recorded in the machine package (where 'carti machine install' finds its bundles).",
        subcommands = {MachineRepoListCommand.class, MachineRepoAddCommand.class, MachineRepoRmCommand.class, MachineRepoDepsCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  carti machine repo add https://github.com/createdreamtech/carti-default", "  carti machine repo list",
                "  carti machine repo deps"})
public final class MachineRepoCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override public void run() { throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (list, add, rm, deps)"); }
}
