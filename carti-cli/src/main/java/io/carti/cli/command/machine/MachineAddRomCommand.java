package io.carti.cli.command.machine;

import io.carti.core.bundle.Bundle;
import io.carti.core.machine.MachinePackage;
import io.carti.core.machine.PackageEditor;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rom", sortOptions = false, description = "Use an installed bundle as the machine's ROM image (emulator 0.7 target).",
        footerHeading = "%nExamples:%n", footer = {"  carti machine add rom rom -y"})
public final class MachineAddRomCommand extends MachineLeafCommand {
    @Parameters(paramLabel = "<bundle>", description = "Name of an installed bundle (see 'carti list').")
    String bundle;

    @Option(names = {"-r", "--resolvedpath"}, paramLabel = "<path>",
            description = "Image path to write into the Lua config instead of <base>/<cid>/<file>.")
    String resolvedPath;

    @Option(names = {"-y", "--yes"}, description = "Take the first matching bundle without asking.")
    boolean yes;

    @Override protected int execute() {
        Path file = layout().machinePackage();
        MachinePackage pkg = MachinePackage.loadOrDefaults(file);
        Bundle b = new InstalledBundlePicker(layout(), console()).pick(bundle, yes);
        Kinds.warnIfOtherType(console(), b, "rom");
        new PackageEditor(pkg).setRom(new PackageEditor.BundleRef(b.id(), b.name(), b.fileName()), resolvedPath);
        pkg.save(file);
        return 0;
    }
}
