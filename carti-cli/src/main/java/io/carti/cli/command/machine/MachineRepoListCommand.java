package io.carti.cli.command.machine;

import com.fasterxml.jackson.databind.JsonNode;
import io.carti.core.machine.MachinePackage;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "list", description = "Print the package's repos, comma separated (nothing when it has none).",
        footerHeading = "%nExamples:%n", footer = {"  carti machine repo list"})
public final class MachineRepoListCommand extends MachineLeafCommand {
    @Override protected int execute() {
        MachinePackage pkg = MachinePackage.load(layout().machinePackage());
        if (pkg.repos().isEmpty()) return 0;
        List<String> repos = new ArrayList<>();
        for (JsonNode r : pkg.repos().get()) repos.add(r.asText());
        console().println(String.join(",", repos));
        return 0;
    }
}
