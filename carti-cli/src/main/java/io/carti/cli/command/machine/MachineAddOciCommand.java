package io.carti.cli.command.machine;

import com.fasterxml.jackson.databind.JsonNode;
import io.carti.cli.command.oci.ImportOptions;
import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.cid.Cid;
import io.carti.core.machine.MachinePackage;
import io.carti.core.machine.Numbers;
import io.carti.core.machine.PackageEditor;
import io.carti.core.oci.BootCommand;
import io.carti.core.oci.ImageConfig;
import io.carti.core.oci.OciImporter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "oci", sortOptions = false,
        description = {"Make an imported container image the machine's root drive (or the drive -m names) and set the boot "
                + "command from its config (Env, WorkingDir, Entrypoint + Cmd, quoted for sh), for both build targets.",
                "<bundle|source> is a bundle made by 'carti oci import', or an image source ('docker save' tarball, OCI layout, "
                        + "registry reference), which is imported first with the import options below.",
                "An image booted as root must contain /usr/sbin/cartesi-init (Cartesi's machine guest tools); a --runtime-bundle "
                        + "drive is mounted at /mnt/<label> and booted with 'crun run --bundle /mnt/<label> app' instead."},
        footerHeading = "%nExamples:%n",
        footer = {"  carti oci import my-dapp.tar --name my-dapp && carti machine add oci my-dapp -y",
                "  carti machine add oci ghcr.io/me/dapp:1.2.0 --name dapp",
                "  carti machine add oci ./layout:v1 --runtime-bundle -m app"})
public final class MachineAddOciCommand extends MachineLeafCommand {
    @Parameters(paramLabel = "<bundle|source>", description = "An imported bundle's name, or an image source to import.")
    String what;

    @Option(names = {"-m", "--label"}, paramLabel = "<label>",
            description = "Drive label (default: root, or app for a runtime bundle).")
    String label;

    @Option(names = {"-y", "--yes"}, description = "Take the first matching bundle without asking.")
    boolean yes;

    @Mixin ImportOptions importOptions;

    @Override protected int execute() {
        Path file = layout().machinePackage();
        MachinePackage pkg = MachinePackage.loadOrDefaults(file);
        InstalledBundlePicker picker = new InstalledBundlePicker(layout(), console());
        Bundle b;
        if (isInstalledName(what)) {
            b = picker.pick(what, yes);
        } else {
            OciImporter.Result r = importOptions.run(ctx(), what);
            console().status("imported " + what + " as bundle " + r.bundle().name() + " (" + r.bundle().id() + ")");
            b = r.bundle();
        }
        JsonNode meta = meta(b.cid()).filter(m -> m.has("image")).orElseThrow(() -> new CartiException(CartiException.Kind.INVALID_INPUT,
                "bundle " + b.name() + " (" + b.id() + ") was not made by 'carti oci import': it has no image config"));
        ImageConfig config = ImageConfig.fromMeta(meta.get("image"));
        boolean runtime = "runtime-bundle".equals(meta.path("oci").path("layout").asText());
        String driveLabel = label != null ? label : runtime ? "app" : "root";
        String boot = runtime ? BootCommand.forRuntimeBundle("/mnt/" + driveLabel) : BootCommand.forRootfs(config);
        if (runtime && driveLabel.equals("root")) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, "a runtime bundle is not a root file system; give it another -m label");
        }

        long size = picker.size(b);
        String length = Numbers.hex(Numbers.roundUpToPage(BigInteger.valueOf(size)));
        PackageEditor editor = new PackageEditor(pkg);
        // "sets" the drive: whatever the label held before (e.g. the default root file system) is replaced, at the same start
        String start = pkg.drive(driveLabel).map(d -> d.path("start").asText("")).filter(x -> !x.isEmpty()).orElse(null);
        if (editor.removeDrive(driveLabel)) console().status("drive '" + driveLabel + "': replacing what it held");
        editor.addDrive(new PackageEditor.NewDrive(new PackageEditor.BundleRef(b.id(), b.name(), b.fileName()), driveLabel, start, length, false, null));
        editor.setBoot(boot, null);
        pkg.save(file);
        console().status("drive '" + driveLabel + "': bundle " + b.name() + ", length " + length);
        console().status("boot: " + boot);
        return 0;
    }

    private boolean isInstalledName(String s) {
        if (Files.exists(ctx().env().resolve(s.replaceFirst(":[^:/]*$", "")))) return false;
        return !layout().localIndex().byName(s).isEmpty() || !layout().globalIndex().byName(s).isEmpty();
    }

    private Optional<JsonNode> meta(Cid cid) {
        Optional<JsonNode> local = layout().localStore().meta(cid);
        return local.isPresent() ? local : layout().globalStore().meta(cid);
    }
}
