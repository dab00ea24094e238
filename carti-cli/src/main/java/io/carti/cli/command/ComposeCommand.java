package io.carti.cli.command;

import io.carti.cli.command.compose.ComposeFlashCommand;
import io.carti.cli.ParentCommand;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "compose", description = "Compose several flash-drive bundles into one deterministic drive.",
        footerHeading = "%nExamples:%n",
        footer = {"  carti compose flash --name my-util tools-a tools-b dapp-data",
                "  carti compose flash --name my-util --overlay --size 64Mi base patches"})
public final class ComposeCommand implements Runnable, ParentCommand {
    private static final Map<String, Class<?>> SUBCOMMANDS = ParentCommand.table(
            "flash", ComposeFlashCommand.class);

    @Override public Map<String, Class<?>> subcommands() { return SUBCOMMANDS; }

    @Spec CommandSpec spec;

    @Override public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (flash)");
    }
}
