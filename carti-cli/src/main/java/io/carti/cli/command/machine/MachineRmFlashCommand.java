package io.carti.cli.command.machine;

import io.carti.core.machine.MachineConfigs;
import io.carti.core.machine.MachinePackage;
import io.carti.core.machine.PackageEditor;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "flash", description = "Remove the flash drive with this label (and its asset, unless another part uses it).",
        footerHeading = "%nExamples:%n", footer = {"  carti machine rm flash data"})
public final class MachineRmFlashCommand extends MachineLeafCommand {
    @Parameters(paramLabel = "<label>", description = "The drive's label.")
    String label;

    @Override protected int execute() {
        Path file = layout().machinePackage();
        MachinePackage pkg = MachinePackage.load(file);
        if (!new PackageEditor(pkg).removeDrive(label)) {
            console().warn("no drive is labelled '" + label + "' (drives: " + MachineConfigs.labels(pkg) + "); nothing changed");
            return 0;
        }
        pkg.save(file);
        return 0;
    }
}
