package io.carti.cli.command.machine;

import io.carti.core.bundle.Bundle;
import io.carti.core.machine.MachinePackage;
import io.carti.core.machine.Numbers;
import io.carti.core.machine.PackageEditor;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ram", sortOptions = false, description = "Use an installed bundle (usually a Linux kernel) as the machine's RAM image.",
        footerHeading = "%nExamples:%n", footer = {"  carti machine add ram linux -y", "  carti machine add ram linux -y -l 0x8000000"})
public final class MachineAddRamCommand extends MachineLeafCommand {
    @Parameters(paramLabel = "<bundle>", description = "Name of an installed bundle (see 'carti list').")
    String bundle;

    @Option(names = {"-l", "--length"}, paramLabel = "<length>", defaultValue = MachinePackage.DEFAULT_RAM_LENGTH,
            description = "RAM size, a multiple of 4096 (default: ${DEFAULT-VALUE} = 64 MiB).")
    String length;

    @Option(names = {"-r", "--resolvedpath"}, paramLabel = "<path>",
            description = "Image path to write into the Lua config instead of <base>/<cid>/<file>.")
    String resolvedPath;

    @Option(names = {"-y", "--yes"}, description = "Take the first matching bundle without asking.")
    boolean yes;

    @Override protected int execute() {
        String len = NumberOption.normalize(length, "ram length");
        var v = Numbers.parse(len, "ram length");
        if (v.signum() <= 0 || !Numbers.pageAligned(v)) {
            throw new io.carti.core.CartiException(io.carti.core.CartiException.Kind.INVALID_INPUT,
                    "ram: length " + len + " must be a non-zero multiple of 4096 (0x1000)");
        }
        Path file = layout().machinePackage();
        MachinePackage pkg = MachinePackage.loadOrDefaults(file);
        Bundle b = new InstalledBundlePicker(layout(), console()).pick(bundle, yes);
        Kinds.warnIfOtherType(console(), b, "ram");
        new PackageEditor(pkg).setRam(new PackageEditor.BundleRef(b.id(), b.name(), b.fileName()), len, resolvedPath);
        pkg.save(file);
        return 0;
    }
}
