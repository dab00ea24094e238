package io.carti.cli.command;

import io.carti.cli.command.oci.OciImportCommand;
import io.carti.cli.ParentCommand;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "oci", sortOptions = false,
        description = "Turn OCI container images into Cartesi drives (docker-save tarballs, OCI layouts, registries).",
        footerHeading = "%nExamples:%n",
        footer = {"  carti oci import my-dapp.tar --name my-dapp",
                "  carti oci import ghcr.io/me/dapp:1.2.0",
                "  carti machine add oci my-dapp          # root drive + boot command from the image config",
                "  carti publish oci -y my-dapp ghcr.io/me/my-dapp-drive:1.0.0"})
public final class OciCommand implements Runnable, ParentCommand {
    private static final Map<String, Class<?>> SUBCOMMANDS = ParentCommand.table(
            "import", OciImportCommand.class);

    @Override public Map<String, Class<?>> subcommands() { return SUBCOMMANDS; }

    @Spec CommandSpec spec;

    @Override public void run() { throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: import"); }
}
