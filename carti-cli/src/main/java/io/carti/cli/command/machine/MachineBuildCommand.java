package io.carti.cli.command.machine;

import io.carti.core.CartiException;
import io.carti.core.machine.EmulatorCommandLine;
import io.carti.core.machine.MachineBuild;
import io.carti.core.machine.MachineCheck;
import io.carti.core.machine.MachineConfigs;
import io.carti.core.machine.MachinePackage;
import io.carti.core.machine.RunScript;
import io.carti.core.machine.Target;
import io.carti.core.store.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "build", sortOptions = false,
        description = {"Render ./machine-config.lua from ./carti-machine-package.json (always written to the current directory).",
                "Image paths are <base>/<cid>/<file name>; the default base is the Docker mount point /opt/carti/packages "
                        + "(see 'carti docker'). The package and its drives are checked first ('carti machine check')."},
        footerHeading = "%nExamples:%n",
        footer = {"  carti machine build", "  carti machine build -d \"$PWD/carti_build/bundles\"",
                "  carti machine build --target 0.19 --cmdline", "  carti machine build --runscript"})
public final class MachineBuildCommand extends MachineLeafCommand {
    @Option(names = {"-d", "--dir"}, paramLabel = "<base>", defaultValue = MachineConfigs.DEFAULT_BASE,
            description = "Base path written into the config's image file names: <base>/<cid>/<file> (default: ${DEFAULT-VALUE}). "
                    + "It is not an output directory.")
    String base;

    @Option(names = {"-r", "--runscript"}, description = "Also write ./run-config.lua, a script that boots the config in cartesi/playground.")
    boolean runScript;

    @Option(names = {"--target"}, paramLabel = "<version>", defaultValue = "0.7",
            description = "Emulator generation: 0.7 (ROM + mtdparts, upstream's format; default) or 0.19 (DTB + PMEM drives).")
    String target;

    @Option(names = {"--cmdline"}, description = "Also print the equivalent cartesi-machine command line (quoted for a shell).")
    boolean cmdline;

    @Override protected int execute() {
        Target t = Target.parse(target);
        if (base.isEmpty()) base = MachineConfigs.DEFAULT_BASE; // upstream: dir || "/opt/carti/packages"
        // a directory where an output belongs fails the build before anything (package, composed drives, Lua) is written
        for (Path out : runScript ? List.of(layout().machineConfigLua(), layout().runConfigLua()) : List.of(layout().machineConfigLua())) {
            if (Files.isDirectory(out)) throw new CartiException(CartiException.Kind.INVALID_INPUT, out + ": is a directory, cannot write the Lua config there");
        }
        MachinePackage loaded = MachinePackage.load(layout().machinePackage());
        MachinePackage pkg = new MachineBuild(layout()).materialiseCompositions(loaded, console()::status);
        if (t == Target.V0_19) {
            if (!MachineConfigs.bootPrefix(pkg).isEmpty()) console().warn("the boot prefix is for the 0.7 target; 0.19 uses the emulator's DTB boot args");
            if (pkg.machineConfig().has("processor") || pkg.machineConfig().has("htif") || pkg.machineConfig().has("clint")) {
                console().warn("processor/htif/clint values are for the 0.7 target; the 0.19 config leaves them to the emulator");
            }
        }
        String name = layout().machinePackage().getFileName().toString();
        String lua = MachineConfigs.renderLua(pkg, base, t, name);
        MachineCheck.warnings(pkg, t).forEach(w -> console().warn(name + ": " + w));
        // only a package that passed the checks is written back (composed drives now record their result)
        if (pkg != loaded) pkg.save(layout().machinePackage());
        AtomicFiles.writeString(layout().machineConfigLua(), lua);
        if (runScript) AtomicFiles.write(layout().runConfigLua(), RunScript.bytes());
        if (cmdline) console().println(EmulatorCommandLine.shellLine(pkg, base, t));
        return 0;
    }
}
