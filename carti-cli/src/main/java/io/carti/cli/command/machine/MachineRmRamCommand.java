package io.carti.cli.command.machine;

import io.carti.core.machine.MachinePackage;
import io.carti.core.machine.PackageEditor;
import java.nio.file.Path;
import picocli.CommandLine.Command;

@Command(name = "ram", description = "Remove the RAM image (and its asset, unless something else uses it).",
        footerHeading = "%nExamples:%n", footer = {"  carti machine rm ram"})
public final class MachineRmRamCommand extends MachineLeafCommand {
    @Override protected int execute() {
        Path file = layout().machinePackage();
        MachinePackage pkg = MachinePackage.load(file);
        new PackageEditor(pkg).clearRam();
        pkg.save(file);
        return 0;
    }
}
