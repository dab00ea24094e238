package io.carti.cli.command.machine;

import io.carti.core.machine.MachinePackage;
import io.carti.core.machine.PackageEditor;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "add", description = "Add repos (comma separated) in front of the package's repo list; repos already listed are skipped.",
        footerHeading = "%nExamples:%n", footer = {"  carti machine repo add https://github.com/createdreamtech/carti-default",
                "  carti machine repo add https://github.com/me/bundles,/srv/local-repo"})
public final class MachineRepoAddCommand extends MachineLeafCommand {
    @Parameters(paramLabel = "<repos>", description = "One repo, or several separated by commas (stored as given).")
    String repos;

    @Override protected int execute() {
        Path file = layout().machinePackage();
        MachinePackage pkg = MachinePackage.loadOrDefaults(file);
        new PackageEditor(pkg).addRepos(Arrays.asList(repos.split(",")));
        pkg.save(file);
        return 0;
    }
}
