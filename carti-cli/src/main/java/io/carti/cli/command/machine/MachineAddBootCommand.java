package io.carti.cli.command.machine;

import io.carti.core.machine.MachinePackage;
import io.carti.core.machine.PackageEditor;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "boot", sortOptions = false,
        description = "Set the command the machine runs after booting (appended to the boot args after ' -- ').",
        footerHeading = "%nExamples:%n",
        footer = {"  carti machine add boot 'ls /mnt/data'",
                "  carti machine add boot 'echo hi' -p 'console=hvc0 rootfstype=ext2 root=/dev/mtdblock0 rw quiet mtdparts=flash.0:-(root)'"})
public final class MachineAddBootCommand extends MachineLeafCommand {
    @Parameters(paramLabel = "<args>", description = "The guest command line.")
    String args;

    @Option(names = {"-p", "--prefix"}, paramLabel = "<prefix>",
            description = "Kernel boot args to use instead of the default (which lists the drive labels in mtdparts=). "
                    + "Without -p a previous prefix is cleared.")
    String prefix;

    @Override protected int execute() {
        Path file = layout().machinePackage();
        MachinePackage pkg = MachinePackage.loadOrDefaults(file);
        new PackageEditor(pkg).setBoot(args, prefix);
        pkg.save(file);
        return 0;
    }
}
