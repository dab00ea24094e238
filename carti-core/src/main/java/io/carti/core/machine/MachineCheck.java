package io.carti.core.machine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.CartiException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a package must satisfy before it is rendered (B20, §1.4 of the ecosystem notes): at most 8 drives,
 * unique labels that are safe inside {@code mtdparts=} and DTB node names, page-aligned non-empty non-overlapping
 * ranges inside the target's address space, {@code root} first, every image known in {@code assets}, and boot
 * args that fit the target's limit (ROM: 2047 bytes; DTB: 4096 bytes).
 */
public final class MachineCheck {
    public static final int MAX_DRIVES = 8;
    /** Letters, digits, '-' and '_', starting with a letter, at most 31 characters: nothing mtdparts or a DTB treats specially. */
    public static final Pattern LABEL = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,30}");
    public static final BigInteger RAM_START = BigInteger.valueOf(0x80000000L);
    /**
     * The 0.7 ROM keeps 0x800 bytes for the boot args and writes a NUL into the last one ({@code rom_init}:
     * {@code strncpy(bootargs, …, 0x800); bootargs[0x800 - 1] = '\0'}), so 2047 bytes survive; more are cut silently.
     */
    public static final int ROM_BOOTARGS_MAX = 0x800 - 1;
    /** The DTB-era emulator refuses boot args longer than 4096 bytes ({@code BOOTARGS_MAX_LEN}). */
    public static final int DTB_BOOTARGS_MAX = 4096;

    private MachineCheck() {}

    /** Every problem of {@code pkg} for {@code target}, in package order. */
    public static List<Problem> problems(MachinePackage pkg, Target target) {
        List<Problem> out = new ArrayList<>();
        checkRam(pkg, out);
        if (target == Target.V0_7) checkImage(pkg, pkg.rom(), "rom", "rom", out);
        checkDrives(pkg, target, out);
        checkBoot(pkg, target, out);
        return out;
    }

    /** Throws one INVALID_INPUT error listing every problem (one per line), if there is any. */
    public static void require(MachinePackage pkg, Target target, String label) {
        List<Problem> ps = problems(pkg, target);
        if (!ps.isEmpty()) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT,
                    String.join("\n", ps.stream().map(p -> label + ": " + p).toList()));
        }
    }

    private static void checkRam(MachinePackage pkg, List<Problem> out) {
        ObjectNode ram = pkg.ram();
        String len = MachinePackage.text(ram, "length");
        if (len == null) {
            out.add(Problem.of("ram", "no length (set one with 'carti machine add ram <bundle> --length 0x4000000')"));
        } else {
            BigInteger v = Numbers.parse(len, "ram length");
            if (v.signum() <= 0 || !Numbers.pageAligned(v)) out.add(Problem.of("ram", "length " + len + " must be a non-zero multiple of 4096 (0x1000)"));
        }
        checkImage(pkg, ram, "ram", "ram", out);
    }

    /** A ram/rom/drive image must come from a known asset or an explicit resolvedPath. */
    private static void checkImage(MachinePackage pkg, ObjectNode part, String subject, String addWhat, List<Problem> out) {
        String rp = MachinePackage.text(part, "resolvedPath");
        if (rp != null && !rp.isEmpty()) return; // "" falls back to the asset, as upstream's resolvedPath || lookup
        String cid = MachinePackage.text(part, "cid");
        if (cid == null) {
            out.add(Problem.of(subject, "no image (add one with 'carti machine add " + addWhat + " <bundle>')"));
        } else if (pkg.asset(cid).isEmpty()) {
            out.add(Problem.of(subject, "its cid " + cid + " has no entry in assets"));
        }
    }

    private static void checkDrives(MachinePackage pkg, Target target, List<Problem> out) {
        List<ObjectNode> drives = pkg.driveList();
        if (drives.size() > MAX_DRIVES) {
            out.add(Problem.of("flash_drive", drives.size() + " drives, but the emulator supports at most " + MAX_DRIVES + " (root included)"));
        }
        Set<String> seen = new HashSet<>();
        List<Range> ranges = new ArrayList<>();
        BigInteger limit = target == Target.V0_19 ? BigInteger.ONE.shiftLeft(56) : Numbers.TWO_64;
        for (int i = 0; i < drives.size(); i++) {
            ObjectNode d = drives.get(i);
            String label = MachinePackage.text(d, "label");
            String name = label == null || label.isEmpty() ? "#" + i : label;
            if (label == null || label.isEmpty()) {
                out.add(Problem.drive(name, "has no label"));
            } else {
                if (!LABEL.matcher(label).matches()) {
                    out.add(Problem.drive(name, "label must start with a letter and hold only letters, digits, '-' and '_' (at most 31 characters)"));
                }
                if (!seen.add(label)) out.add(Problem.drive(name, "label is used by more than one drive"));
                if (label.equals("root")) {
                    if (i != 0) out.add(Problem.drive(name, "must be the first drive (the kernel mounts drive 0 as the root file system)"));
                }
            }
            if (d.has("compose")) {
                // a composition is materialised at build time; its result must be known once built
                String result = MachinePackage.text(d.get("compose"), "result");
                if (result != null && pkg.asset(result).isEmpty()) out.add(Problem.drive(name, "composed image " + result + " has no entry in assets"));
            } else if (MachinePackage.text(d, "cid") != null && MachinePackage.text(d, "resolvedPath") == null
                    && pkg.asset(MachinePackage.text(d, "cid")).isEmpty()) {
                out.add(Problem.drive(name, "its cid " + MachinePackage.text(d, "cid") + " has no entry in assets"));
            }
            BigInteger start, length;
            try {
                start = target == Target.V0_19 ? Layouts.start019(Numbers.parse(MachinePackage.text(d, "start"), "start"))
                        : Numbers.parse(MachinePackage.text(d, "start"), "start");
                length = Numbers.parse(MachinePackage.text(d, "length"), "length");
            } catch (CartiException e) {
                out.add(Problem.drive(name, e.getMessage()));
                continue;
            }
            boolean ok = length.signum() > 0;
            if (length.signum() <= 0 || !Numbers.pageAligned(length)) {
                out.add(Problem.drive(name, "length " + MachinePackage.text(d, "length") + " must be a non-zero multiple of 4096 (0x1000)"));
            }
            if (!Numbers.pageAligned(start)) {
                out.add(Problem.drive(name, "start " + Numbers.hex(start) + " must be a multiple of 4096 (0x1000)"));
            }
            if (start.add(length).compareTo(limit) > 0) {
                out.add(Problem.drive(name, "range " + Numbers.hex(start) + "+" + Numbers.hex(length) + " does not fit in "
                        + (target == Target.V0_19 ? "the 56-bit physical address space of emulator 0.12+" : "64-bit addresses")));
                ok = false;
            }
            if (!ok) continue;
            Range r = new Range(name, start, start.add(length));
            for (Range o : ranges) {
                if (r.overlaps(o)) out.add(Problem.drive(name, "range " + r + " overlaps drive '" + o.name + "' " + o, o.name));
            }
            String ramLen = MachinePackage.text(pkg.ram(), "length");
            if (ramLen != null && Numbers.isNumber(ramLen)) {
                Range ram = new Range("ram", RAM_START, RAM_START.add(Numbers.parse(ramLen, "ram length")));
                if (r.overlaps(ram)) out.add(Problem.drive(name, "range " + r + " overlaps the RAM " + ram));
            }
            ranges.add(r);
        }
    }

    /**
     * What is legal but probably not meant; upstream built such packages, so carti builds them too and says so.
     * No drive labelled {@code root}: the default boot args mount drive 0 as the root file system whatever its
     * label, and with no drive at all the kernel has nothing to mount.
     */
    public static List<String> warnings(MachinePackage pkg, Target target) {
        List<String> out = new ArrayList<>();
        List<ObjectNode> drives = pkg.driveList();
        boolean hasRoot = drives.stream().anyMatch(d -> "root".equals(MachinePackage.text(d, "label")));
        boolean ownPrefix = target == Target.V0_7 && !MachineConfigs.bootPrefix(pkg).isEmpty();
        if (!hasRoot && !ownPrefix) {
            out.add("flash_drive: no drive is labelled 'root'; " + (drives.isEmpty()
                    ? "the machine has no drive for the kernel to mount as its root file system"
                    : "the kernel mounts drive 0 ('" + MachinePackage.text(drives.get(0), "label") + "') as the root file system"));
        }
        return out;
    }

    private static void checkBoot(MachinePackage pkg, Target target, List<Problem> out) {
        String bootargs = target == Target.V0_19 ? MachineConfigs.dtbBootargs(pkg) : MachineConfigs.bootargs(pkg);
        int max = target == Target.V0_19 ? DTB_BOOTARGS_MAX : ROM_BOOTARGS_MAX;
        int n = bootargs.getBytes(StandardCharsets.UTF_8).length;
        if (n > max) {
            out.add(Problem.of("boot", "the boot args are " + n + " bytes, over the " + max + "-byte limit of the "
                    + (target == Target.V0_19 ? "DTB" : "ROM (0x800 bytes with the terminating NUL)") + " (emulator " + target + ")"));
        }
    }

    private record Range(String name, BigInteger start, BigInteger end) {
        boolean overlaps(Range o) { return start.compareTo(o.end) < 0 && o.start.compareTo(end) < 0; }

        @Override public String toString() { return "[" + Numbers.hex(start) + ", " + Numbers.hex(end) + ")"; }
    }
}
