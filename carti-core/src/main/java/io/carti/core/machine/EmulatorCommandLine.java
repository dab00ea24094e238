package io.carti.core.machine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code cartesi-machine} command line equivalent to a package's config, for a target emulator, quoted for a
 * POSIX shell. 0.7: {@code --rom-image}, {@code --ram-image}, {@code --ram-length}, one {@code --flash-drive} per
 * drive (label, filename, start, length, shared), the default boot args rebuilt by the emulator from the labels
 * (a custom prefix goes through {@code --no-rom-bootargs --append-rom-bootargs}). 0.19: no ROM, drives at their
 * 56-bit starts, the emulator's own DTB bootargs, its init without the splash banner and with {@code USER=dapp}
 * (the same text as the rendered {@code dtb.init}). The guest command follows {@code --}.
 */
public final class EmulatorCommandLine {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private EmulatorCommandLine() {}

    /** The arguments, unquoted (the first is {@code cartesi-machine}). */
    public static List<String> arguments(MachinePackage pkg, String basePath, Target target) {
        ObjectNode cfg = target == Target.V0_19 ? MachineConfigs.model019(pkg, basePath) : MachineConfigs.model(pkg, basePath);
        List<String> a = new ArrayList<>();
        a.add("cartesi-machine");
        if (target == Target.V0_7) a.add("--rom-image=" + cfg.get("rom").get("image_filename").asText());
        a.add("--ram-image=" + cfg.get("ram").get("image_filename").asText());
        a.add("--ram-length=" + cfg.get("ram").get("length").asText());
        List<ObjectNode> drives = pkg.driveList();
        boolean hasRoot = drives.stream().anyMatch(d -> "root".equals(MachinePackage.text(d, "label")));
        if (!hasRoot) a.add("--no-root-flash-drive");
        int i = 0;
        for (JsonNode d : cfg.get("flash_drive")) {
            StringBuilder sb = new StringBuilder("--flash-drive=label:").append(optionValue(MachinePackage.text(drives.get(i++), "label")));
            if (d.has("image_filename")) sb.append(",filename:").append(optionValue(d.get("image_filename").asText()));
            sb.append(",start:").append(d.get("start").asText());
            sb.append(",length:").append(d.get("length").asText());
            if (d.path("shared").asBoolean(false)) sb.append(",shared");
            a.add(sb.toString());
        }
        if (target == Target.V0_19) {
            // the rendered dtb.init has no splash banner and ends with USER=dapp (MachineConfigs.dtbInit)
            a.add("--no-init-splash");
            a.add("--user=dapp");
        }
        String prefix = MachineConfigs.bootPrefix(pkg);
        if (target == Target.V0_7 && !prefix.isEmpty()) {
            a.add("--no-rom-bootargs");
            a.add("--append-rom-bootargs=" + prefix);
        }
        String args = MachineConfigs.args(pkg);
        if (!args.isEmpty()) {
            a.add("--");
            a.add(args);
        }
        return a;
    }

    /**
     * A value inside {@code --flash-drive=k:v,…}: cartesi-machine splits the option at commas and each item at its
     * first colon, after turning {@code \\}, {@code \:} and {@code \,} into literal characters, so a path holding
     * a comma (or a backslash before one) must be escaped that way.
     */
    static String optionValue(String v) {
        return v.replace("\\", "\\\\").replace(":", "\\:").replace(",", "\\,");
    }

    /** One line that can be pasted into a POSIX shell. */
    public static String shellLine(MachinePackage pkg, String basePath, Target target) {
        List<String> parts = new ArrayList<>();
        for (String s : arguments(pkg, basePath, target)) parts.add(shellQuote(s));
        return String.join(" ", parts);
    }

    /** {@code s} as one shell word: unchanged when safe, else in single quotes ({@code '} as {@code '\''}). */
    public static String shellQuote(String s) {
        if (!s.isEmpty() && SAFE.matcher(s).matches()) return s;
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
