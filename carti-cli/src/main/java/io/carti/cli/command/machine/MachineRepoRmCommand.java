package io.carti.cli.command.machine;

import io.carti.core.machine.MachinePackage;
import io.carti.core.machine.PackageEditor;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "rm", description = "Remove repos (comma separated, exact match) from the package's repo list.",
        footerHeading = "%nExamples:%n", footer = {"  carti machine repo rm /srv/local-repo"})
public final class MachineRepoRmCommand extends MachineLeafCommand {
    @Parameters(paramLabel = "<repos>", description = "One repo, or several separated by commas.")
    String repos;

    @Override protected int execute() {
        Path file = layout().machinePackage();
        MachinePackage pkg = MachinePackage.load(file);
        if (pkg.repos().isEmpty()) return 0;
        new PackageEditor(pkg).removeRepos(Arrays.asList(repos.split(",")));
        pkg.save(file);
        return 0;
    }
}
