package io.carti.core.machine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.CartiException;
import io.carti.core.json.Json;
import io.carti.core.store.FileNames;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Upstream's package-editing rules (§4.3, {@code machine.ts}) on a {@link MachinePackage}, with the bugs fixed:
 * B16 ({@code rm ram} removes the RAM's asset, not the ROM's), B17 ({@code resolvedPath} is recorded), B19
 * (bundleless drives coexist), B20 (only the named drive is removed; an asset goes only when nothing uses it).
 * Every method edits the package in memory; callers save it.
 */
public final class PackageEditor {
    /** A bundle being added: its cid, listing name and file name. */
    public record BundleRef(String cid, String name, String fileName) {}

    private final MachinePackage pkg;

    public PackageEditor(MachinePackage pkg) { this.pkg = pkg; }

    public MachinePackage pkg() { return pkg; }

    /** {@code machine add rom}: rom := {cid[, resolvedPath]}, plus its asset. */
    public void setRom(BundleRef b, String resolvedPath) {
        replaceAsset(b);
        ObjectNode rom = pkg.machineConfig().putObject("rom");
        rom.put("cid", b.cid());
        if (resolvedPath != null) rom.put("resolvedPath", resolvedPath);
    }

    /** {@code machine add ram}: ram := {cid, length[, resolvedPath]}, plus its asset. */
    public void setRam(BundleRef b, String length, String resolvedPath) {
        replaceAsset(b);
        ObjectNode ram = pkg.machineConfig().putObject("ram");
        ram.put("cid", b.cid());
        ram.put("length", length);
        if (resolvedPath != null) ram.put("resolvedPath", resolvedPath);
    }

    /** A flash drive to add; {@code bundle} null for a bundleless (empty) drive, {@code start} null for automatic. */
    public record NewDrive(BundleRef bundle, String label, String start, String length, boolean shared, String resolvedPath) {}

    /** What {@link #addDrive} did. */
    public enum Added { DRIVE, COMPOSITION }

    /**
     * {@code machine add flash}. Re-adding a bundle moves it (its old drive is replaced, as upstream). Adding a
     * bundle under the label of a drive that already holds another bundle declares a composition of the two
     * (recorded in the drive's {@code compose}); any other label collision is an error naming the drive.
     */
    public Added addDrive(NewDrive nd) {
        ObjectNode before = pkg.json().deepCopy();
        try {
            return addDriveOrThrow(nd);
        } catch (RuntimeException e) {
            pkg.json().removeAll();
            pkg.json().setAll(before); // a refused drive leaves the package as it was
            throw e;
        }
    }

    private Added addDriveOrThrow(NewDrive nd) {
        if (nd.label() == null || nd.label().isEmpty()) {
            // MachineCheck names an unlabelled drive by its index, so requireValid would not see it as this drive
            throw new CartiException(CartiException.Kind.INVALID_INPUT, "drive '': the label is empty; give the drive a label with -m <label>");
        }
        Optional<ObjectNode> existing = pkg.drive(nd.label());
        if (existing.isPresent() && nd.bundle() != null && MachinePackage.text(existing.get(), "cid") != null
                && !nd.bundle().cid().equals(MachinePackage.text(existing.get(), "cid"))) {
            compose(existing.get(), nd.bundle());
            return Added.COMPOSITION;
        }
        if (nd.bundle() != null) {
            removeDrivesWithCid(nd.bundle().cid());
            replaceAsset(nd.bundle());
        } else if (existing.isPresent() && MachinePackage.text(existing.get(), "cid") == null && !existing.get().has("compose")) {
            // re-adding an empty drive under its own label replaces it, as upstream's rm-then-add did (B19: only that one)
            removeDrive(nd.label());
        }
        if (pkg.drive(nd.label()).isPresent()) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, "drive '" + nd.label() + "': the label is already used by another drive"
                    + " (remove it first with 'carti machine rm flash " + nd.label() + "', or choose another --label)");
        }
        ObjectNode d = Json.object();
        if (nd.bundle() != null) d.put("cid", nd.bundle().cid());
        d.put("start", nd.start() == null ? "" : nd.start());
        d.put("label", nd.label());
        d.put("length", nd.length());
        d.put("shared", nd.shared());
        if (nd.resolvedPath() != null) d.put("resolvedPath", nd.resolvedPath());
        if (nd.start() != null) Numbers.parse(nd.start(), "drive '" + nd.label() + "': start");
        Numbers.parse(nd.length(), "drive '" + nd.label() + "': length");
        pkg.drives().add(d);
        autoResolveStart(d, nd.start() == null);
        requireValid(nd.label());
        return Added.DRIVE;
    }

    /** The drive rules that concern the drive just added (others' problems are for 'machine check'). */
    private void requireValid(String label) {
        List<String> errs = new ArrayList<>();
        if (pkg.drives().size() > MachineCheck.MAX_DRIVES) {
            errs.add("drive '" + label + "': the machine would have " + pkg.drives().size() + " drives; the emulator supports at most "
                    + MachineCheck.MAX_DRIVES + " (root included)");
        }
        MachineCheck.problems(pkg, Target.V0_7).stream().filter(p -> p.involves(label)).forEach(p -> errs.add(p.toString()));
        if (!errs.isEmpty()) throw new CartiException(CartiException.Kind.INVALID_INPUT, String.join("\n", errs));
    }

    /** Declares (or extends) the composition on {@code drive}: its bundle plus {@code b}, merged. */
    private void compose(ObjectNode drive, BundleRef b) {
        ObjectNode c = drive.has("compose") ? (ObjectNode) drive.get("compose") : null;
        if (c == null) {
            c = drive.putObject("compose");
            c.putArray("inputs").add(MachinePackage.text(drive, "cid"));
            c.put("policy", "merge");
        }
        ArrayNode inputs = (ArrayNode) c.get("inputs");
        for (JsonNode in : inputs) {
            if (b.cid().equals(in.asText())) {
                throw new CartiException(CartiException.Kind.INVALID_INPUT, "drive '" + MachinePackage.text(drive, "label")
                        + "': bundle " + b.name() + " (" + b.cid() + ") is already part of its composition");
            }
        }
        inputs.add(b.cid());
        c.remove("result"); // the inputs changed: the composed image must be built again
        if (pkg.asset(b.cid()).isEmpty()) pkg.assets().add(MachinePackage.asset(b.cid(), b.name(), safeFileName(b)));
    }

    /**
     * §4.3 autoResolveStart: a drive without a start goes after the highest start (2^63 for the first), in
     * 2^60 steps; the drive labelled root is kept first; other drives keep their insertion order.
     */
    private void autoResolveStart(ObjectNode added, boolean auto) {
        List<ObjectNode> drives = pkg.driveList();
        BigInteger max = null;
        for (ObjectNode d : drives) {
            if (d == added && auto) continue;
            BigInteger s = Numbers.parse(MachinePackage.text(d, "start"), "drive '" + MachinePackage.text(d, "label") + "': start");
            if (max == null || s.compareTo(max) > 0) max = s;
        }
        if (auto) {
            BigInteger start = max == null ? Layouts.START_07 : max.add(Layouts.STEP_07);
            if (start.compareTo(Numbers.TWO_64) >= 0) {
                throw new CartiException(CartiException.Kind.INVALID_INPUT, "drive '" + MachinePackage.text(added, "label")
                        + "': no automatic start is left after " + Numbers.hex(max) + "; give one with --start");
            }
            added.put("start", Numbers.hex(start));
        }
        List<ObjectNode> ordered = new ArrayList<>();
        drives.stream().filter(d -> "root".equals(MachinePackage.text(d, "label"))).forEach(ordered::add);
        drives.stream().filter(d -> !"root".equals(MachinePackage.text(d, "label"))).forEach(ordered::add);
        ArrayNode arr = pkg.drives();
        arr.removeAll();
        ordered.forEach(arr::add);
    }

    /** {@code machine rm flash <label>}: removes that drive only (B20); false if no drive has the label. */
    public boolean removeDrive(String label) {
        Optional<ObjectNode> d = pkg.drive(label);
        if (d.isEmpty()) return false;
        Set<String> cids = cidsOf(d.get());
        for (Iterator<JsonNode> it = pkg.drives().elements(); it.hasNext(); ) {
            if (it.next() == d.get()) it.remove();
        }
        cids.forEach(this::dropAssetIfUnused);
        return true;
    }

    /** {@code machine rm ram}: ram := {} and its own asset goes when unused (B16). */
    public void clearRam() { clear("ram"); }

    /** {@code machine rm rom}: rom := {} and its asset goes when unused. */
    public void clearRom() { clear("rom"); }

    private void clear(String part) {
        String cid = MachinePackage.text(pkg.machineConfig().get(part), "cid");
        pkg.machineConfig().putObject(part);
        if (cid != null) dropAssetIfUnused(cid);
    }

    /** {@code machine add boot}: boot := {args[, bootPrefix]} (no -p clears a previous prefix, as upstream). */
    public void setBoot(String args, String bootPrefix) {
        ObjectNode boot = pkg.machineConfig().putObject("boot");
        boot.put("args", args);
        if (bootPrefix != null) boot.put("bootPrefix", bootPrefix);
    }

    /** {@code machine repo add}: prepends the repos not listed yet, in the given order. */
    public void addRepos(List<String> repos) {
        ArrayNode arr = pkg.reposOrCreate();
        Set<String> have = new HashSet<>();
        arr.forEach(r -> have.add(r.asText()));
        List<String> fresh = repos.stream().filter(r -> !r.isEmpty()).distinct().filter(r -> !have.contains(r)).toList();
        for (int i = fresh.size() - 1; i >= 0; i--) arr.insert(0, fresh.get(i));
    }

    /** {@code machine repo rm}: removes exact matches; returns how many went. */
    public int removeRepos(List<String> repos) {
        if (pkg.repos().isEmpty()) return 0;
        int n = 0;
        for (Iterator<JsonNode> it = pkg.repos().get().elements(); it.hasNext(); ) {
            if (repos.contains(it.next().asText())) { it.remove(); n++; }
        }
        return n;
    }

    /** Upstream's rm-then-add of an asset: the bundle's cid appears once, at the end. */
    private void replaceAsset(BundleRef b) {
        String fileName = safeFileName(b);
        removeAssets(b.cid());
        pkg.assets().add(MachinePackage.asset(b.cid(), b.name(), fileName));
    }

    /** B27: an asset's file name becomes part of an image path ({@code <base>/<cid>/<fileName>}); it must stay there. */
    private static String safeFileName(BundleRef b) {
        return b.fileName() == null ? null : FileNames.requireSafe(b.fileName(), "bundle " + b.name());
    }

    private void removeDrivesWithCid(String cid) {
        for (Iterator<JsonNode> it = pkg.drives().elements(); it.hasNext(); ) {
            JsonNode d = it.next();
            if (cid.equals(MachinePackage.text(d, "cid")) && !d.has("compose")) it.remove();
        }
    }

    private void removeAssets(String cid) {
        for (Iterator<JsonNode> it = pkg.assets().elements(); it.hasNext(); ) {
            if (cid.equals(MachinePackage.text(it.next(), "cid"))) it.remove();
        }
    }

    private void dropAssetIfUnused(String cid) {
        if (!referencedCids().contains(cid)) removeAssets(cid);
    }

    /** Every cid the machine uses: ram, rom, drives, composition inputs and results. */
    public Set<String> referencedCids() {
        Set<String> s = new HashSet<>();
        addIfPresent(s, MachinePackage.text(pkg.ram(), "cid"));
        addIfPresent(s, MachinePackage.text(pkg.rom(), "cid"));
        for (ObjectNode d : pkg.driveList()) s.addAll(cidsOf(d));
        return s;
    }

    private static Set<String> cidsOf(ObjectNode d) {
        Set<String> s = new HashSet<>();
        addIfPresent(s, MachinePackage.text(d, "cid"));
        JsonNode c = d.get("compose");
        if (c != null) {
            c.path("inputs").forEach(i -> s.add(i.asText()));
            addIfPresent(s, MachinePackage.text(c, "result"));
        }
        return s;
    }

    private static void addIfPresent(Set<String> s, String v) { if (v != null) s.add(v); }
}
