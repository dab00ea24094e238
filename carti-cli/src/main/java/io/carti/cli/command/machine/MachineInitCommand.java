package io.carti.cli.command.machine;

import io.carti.core.CartiException;
import io.carti.core.machine.MachinePackage;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;

@Command(name = "init", description = "Write ./carti-machine-package.json with the default machine (default rom, kernel and root "
        + "file system of the carti-default repo). Does nothing if the file exists.",
        footerHeading = "%nExamples:%n", footer = {"  carti machine init", "  carti machine init && carti machine build"})
public final class MachineInitCommand extends MachineLeafCommand {
    @Override protected int execute() {
        Path file = layout().machinePackage();
        if (Files.isDirectory(file)) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, file + ": is a directory, not a machine package");
        }
        if (Files.exists(file)) {
            console().err().print("Machine has already been init\n");
            return 0;
        }
        MachinePackage.defaults().save(file);
        return 0;
    }
}
