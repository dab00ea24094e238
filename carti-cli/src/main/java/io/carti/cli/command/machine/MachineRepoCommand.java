package io.carti.cli.command.machine;

import io.carti.cli.ParentCommand;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "repo", description = "Manage the repos recorded in the machine package (where 'carti machine install' finds its bundles).",
        footerHeading = "%nExamples:%n",
        footer = {"  carti machine repo add https://github.com/createdreamtech/carti-default", "  carti machine repo list",
                "  carti machine repo deps"})
public final class MachineRepoCommand implements Runnable, ParentCommand {
    private static final Map<String, Class<?>> SUBCOMMANDS = ParentCommand.table(
            "list", MachineRepoListCommand.class,
            "add", MachineRepoAddCommand.class,
            "rm", MachineRepoRmCommand.class,
            "deps", MachineRepoDepsCommand.class);

    @Override public Map<String, Class<?>> subcommands() { return SUBCOMMANDS; }

    @Spec CommandSpec spec;

    @Override public void run() { throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (list, add, rm, deps)"); }
}
