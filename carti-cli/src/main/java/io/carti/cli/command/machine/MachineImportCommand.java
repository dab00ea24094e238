package io.carti.cli.command.machine;

import io.carti.core.CartiException;
import io.carti.core.machine.MachineImporter;
import io.carti.core.machine.MachinePackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", sortOptions = false,
        description = {"Turn an existing Lua machine config (emulator 0.5-0.7: 'return {...}' or 'machine_config = {...}') into "
                + "./carti-machine-package.json, bundling its ram, rom and drive images into ./carti_bundles.",
                "Drive labels come from the rom bootargs' mtdparts=; the boot command is what follows ' -- '. The config is "
                        + "read, never run. Nothing is written unless every image exists and the package is valid."},
        footerHeading = "%nExamples:%n",
        footer = {"  carti machine import machine-config.lua",
                "  cartesi-machine --dump-machine-config > cfg.lua && carti machine import cfg.lua --remap /opt/cartesi/share/images=./images",
                "  carti machine import cfg.lua --force && carti machine build"})
public final class MachineImportCommand extends MachineLeafCommand {
    @Parameters(paramLabel = "<machine-config.lua>", description = "The Lua config to import.")
    Path file;

    @Option(names = {"--remap"}, paramLabel = "<prefix>=<dir>",
            description = "Read images whose path starts with <prefix> from <dir> instead (repeatable; the first match wins).")
    List<String> remaps;

    @Option(names = {"--version"}, paramLabel = "<version>", defaultValue = "0.0.0",
            description = "Version of the package and of the bundles made from its images (default: ${DEFAULT-VALUE}).")
    String version;

    @Option(names = {"-f", "--force"}, description = "Replace an existing carti-machine-package.json.")
    boolean force;

    @Override protected int execute() {
        Path target = layout().machinePackage();
        if (Files.exists(target) && !force) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, target.getFileName() + " already exists in "
                    + target.getParent() + " (use --force to replace it)");
        }
        Map<String, String> remap = new LinkedHashMap<>();
        if (remaps != null) {
            for (String r : remaps) {
                int eq = r.indexOf('=');
                if (eq <= 0) throw new CartiException(CartiException.Kind.INVALID_INPUT, "--remap '" + r + "': expected <prefix>=<dir>");
                String to = r.substring(eq + 1);
                remap.put(r.substring(0, eq), ctx().env().resolve(to).toString());
            }
        }
        Path lua = ctx().env().resolve(file.toString());
        MachineImporter.Result res = new MachineImporter(layout()).importConfig(lua, new MachineImporter.Options(remap, version));
        res.warnings().forEach(console()::warn);
        res.images().forEach(im -> console().status("bundled " + im.part() + " " + im.file().getFileName() + " as " + im.cid()));
        MachinePackage pkg = res.pkg();
        pkg.save(target);
        console().status("wrote " + target.getFileName() + " (" + pkg.driveList().size() + " drives)");
        return 0;
    }
}
