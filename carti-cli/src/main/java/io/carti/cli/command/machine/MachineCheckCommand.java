package io.carti.cli.command.machine;

import io.carti.core.machine.MachineCheck;
import io.carti.core.machine.MachineConfigs;
import io.carti.core.machine.MachinePackage;
import io.carti.core.machine.Problem;
import io.carti.core.machine.Target;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "check", sortOptions = false,
        description = {"Validate ./carti-machine-package.json against its schema and the drive rules, without building.",
                "Rules: at most 8 drives; unique labels (letters, digits, '-', '_'); non-zero page-aligned lengths and starts; "
                        + "no overlapping drives; 'root' first; every image listed in assets; boot args within the target's limit."},
        footerHeading = "%nExamples:%n", footer = {"  carti machine check", "  carti machine check --target 0.19"})
public final class MachineCheckCommand extends MachineLeafCommand {
    @Option(names = {"--target"}, paramLabel = "<version>", defaultValue = "0.7", description = "Emulator generation: 0.7 (default) or 0.19.")
    String target;

    @Override protected int execute() {
        Target t = Target.parse(target);
        String name = layout().machinePackage().getFileName().toString();
        MachinePackage pkg = MachinePackage.load(layout().machinePackage());
        List<Problem> problems = MachineCheck.problems(pkg, t);
        if (!problems.isEmpty()) {
            problems.forEach(p -> console().error(name + ": " + p));
            return 1;
        }
        MachineCheck.warnings(pkg, t).forEach(w -> console().warn(name + ": " + w));
        console().println(name + ": ok for emulator " + t + " (" + pkg.driveList().size() + " drives: " + MachineConfigs.labels(pkg) + ")");
        return 0;
    }
}
