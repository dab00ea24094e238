package io.carti.cli.command;

import io.carti.cli.command.compose.ComposeFlashCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "compose", description = "Compose several flash-drive bundles into one deterministic drive.",
        subcommands = {ComposeFlashCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  carti compose flash --name my-util tools-a tools-b dapp-data",
                "  carti compose flash --name my-util --overlay --size 64Mi base patches"})
public final class ComposeCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (flash)");
    }
}
