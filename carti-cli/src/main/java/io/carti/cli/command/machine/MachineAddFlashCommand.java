package io.carti.cli.command.machine;

import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.machine.MachinePackage;
import io.carti.core.machine.Numbers;
import io.carti.core.machine.PackageEditor;
import java.math.BigInteger;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "flash", sortOptions = false,
        description = {"Add an installed bundle as a flash drive, or an empty (bundleless) drive when no bundle is given.",
                "The drive's length defaults to the bundle's size rounded up to 4 KiB; its start defaults to the next free slot "
                        + "(0x8000000000000000, 0x9000000000000000, ...). Adding a bundle under the label of a drive that already "
                        + "holds another bundle composes the two into one drive at build time."},
        footerHeading = "%nExamples:%n",
        footer = {"  carti machine add flash dapp-data -m data -y",
                "  carti machine add flash rootfs -m root -y --length 0x3c00000",
                "  carti machine add flash -m scratch -l 0x100000 --shared     # empty drive",
                "  carti machine add flash extra-tools -m data -y              # compose into drive 'data'"})
public final class MachineAddFlashCommand extends MachineLeafCommand {
    @Parameters(paramLabel = "<bundle>", arity = "0..1", description = "Name of an installed bundle (omit for an empty drive).")
    String bundle;

    @Option(names = {"-m", "--label"}, required = true, paramLabel = "<label>",
            description = "Drive label: mounted at /mnt/<label> in the guest; 'root' is the root file system.")
    String label;

    @Option(names = {"-l", "--length"}, paramLabel = "<length>", description = "Drive size, a multiple of 4096 (required without a bundle).")
    String length;

    @Option(names = {"-s", "--start"}, paramLabel = "<start>", description = "Physical start address, a multiple of 4096 (default: next free slot).")
    String start;

    @Option(names = {"--shared"}, description = "Write the guest's changes back to the image file.")
    boolean shared;

    @Option(names = {"-r", "--resolvedpath"}, paramLabel = "<path>",
            description = "Image path to write into the Lua config instead of <base>/<cid>/<file>.")
    String resolvedPath;

    @Option(names = {"-y", "--yes"}, description = "Take the first matching bundle without asking.")
    boolean yes;

    @Override protected int execute() {
        String startText = NumberOption.normalize(start, "drive '" + label + "': start");
        Path file = layout().machinePackage();
        MachinePackage pkg = MachinePackage.loadOrDefaults(file);
        PackageEditor.BundleRef ref = null;
        String len = NumberOption.normalize(length, "drive '" + label + "': length");
        if (bundle == null) {
            if (len == null) {
                throw new CartiException(CartiException.Kind.INVALID_INPUT,
                        "drive '" + label + "': an empty (bundleless) drive needs a --length");
            }
        } else {
            InstalledBundlePicker picker = new InstalledBundlePicker(layout(), console());
            Bundle b = picker.pick(bundle, yes);
            Kinds.warnIfOtherType(console(), b, "flashdrive");
            ref = new PackageEditor.BundleRef(b.id(), b.name(), b.fileName());
            boolean composing = pkg.drive(label).map(d -> d.hasNonNull("cid") && !b.id().equals(d.get("cid").asText())).orElse(false);
            if (len == null && !composing) len = defaultLength(b, picker.size(b));
        }
        PackageEditor.Added added = new PackageEditor(pkg).addDrive(
                new PackageEditor.NewDrive(ref, label, startText, len == null ? "0x0" : len, shared, resolvedPath));
        pkg.save(file);
        if (added == PackageEditor.Added.COMPOSITION) {
            console().status("drive '" + label + "' is now composed of " + pkg.drive(label).get().get("compose").get("inputs").size()
                    + " bundles; 'carti machine build' builds the composed image");
        }
        return 0;
    }

    /** B20: the bundle's size rounded up to a page, and the choice is said. */
    private String defaultLength(Bundle b, long size) {
        if (size == 0) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, "drive '" + label + "': bundle " + b.name()
                    + " is empty (0 bytes); give the drive a --length");
        }
        BigInteger rounded = Numbers.roundUpToPage(BigInteger.valueOf(size));
        String hex = Numbers.hex(rounded);
        if (rounded.longValue() != size) {
            console().status("drive '" + label + "': length " + hex + " (bundle " + b.name() + " is " + size
                    + " bytes, rounded up to a multiple of 4096); cartesi-machine before 0.20 wants the image exactly that long:"
                    + " bundle a padded copy (truncate -s " + rounded + " FILE) for those");
        } else {
            console().status("drive '" + label + "': length " + hex + " (the size of bundle " + b.name() + ")");
        }
        return hex;
    }
}
