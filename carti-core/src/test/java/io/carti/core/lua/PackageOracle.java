package io.carti.core.lua;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.carti.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code lua5.4} must read from a config built from a package, derived straight from the package JSON with
 * the contract's rules (carti-behaviour §7.2 for 0.7; ecosystem §1.2/§1.4 for 0.19), written here independently of
 * carti's own {@code MachineConfigs} so a test compares the rendered Lua with the package, field by field, rather
 * than with carti's own intermediate model. Keys and values use {@link LuaDump}'s flattened form.
 */
public final class PackageOracle {
    private static final String PREFIX_07 = "console=hvc0 rootfstype=ext2 root=/dev/mtdblock0 rw quiet";
    private static final String BOOTARGS_019 = "quiet earlycon=sbi console=hvc0 root=/dev/pmem0 rw init=/usr/sbin/cartesi-init";
    private static final BigInteger SLOT0_07 = BigInteger.ONE.shiftLeft(63), STEP_07 = BigInteger.ONE.shiftLeft(60);
    private static final BigInteger SLOT0_019 = BigInteger.ONE.shiftLeft(55), STEP_019 = BigInteger.ONE.shiftLeft(52);

    private PackageOracle() {}

    /** Loads {@code config} with lua5.4 and asserts it holds exactly what {@code pkgFile} describes for the target. */
    public static void assertBuiltFrom(Path config, Path pkgFile, String base, String target) {
        JsonNode pkg;
        try {
            pkg = Json.parse(Files.readString(pkgFile), pkgFile.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> want = "0.19".equals(target) ? expected019(pkg, base) : expected07(pkg, base);
        assertThat(LuaDump.load(config)).as("%s read by lua5.4 vs %s (target %s)", config, pkgFile, target).isEqualTo(want);
    }

    /** §7.2: ram, rom (bootargs = prefix + " -- " + args), processor/htif/clint as given, the drives in order. */
    public static Map<String, String> expected07(JsonNode pkg, String base) {
        Map<String, String> m = new TreeMap<>();
        JsonNode mc = pkg.get("machineConfig");
        Map<String, String> paths = imagePaths(pkg, base);
        m.put("/ram/length", integer(mc.at("/ram/length").asText()));
        m.put("/ram/image_filename", string(image(mc.get("ram"), paths)));
        m.put("/rom/image_filename", string(image(mc.get("rom"), paths)));
        List<String> labels = new ArrayList<>();
        mc.get("flash_drive").forEach(d -> labels.add(d.get("label").asText()));
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) parts.add("flash." + i + ":-(" + labels.get(i) + ")");
        JsonNode boot = mc.get("boot");
        String prefix = !boot.path("bootPrefix").asText("").isEmpty() ? boot.get("bootPrefix").asText() : PREFIX_07 + " mtdparts=" + String.join(";", parts);
        m.put("/rom/bootargs", string(prefix + " -- " + boot.get("args").asText()));
        for (String section : List.of("processor", "htif", "clint")) {
            if (mc.has(section)) copy("/" + section, mc.get(section), m);
        }
        int i = 1;
        for (JsonNode d : mc.get("flash_drive")) {
            String k = "/flash_drive/" + i++;
            m.put(k + "/start", integer(d.get("start").asText()));
            m.put(k + "/length", integer(d.get("length").asText()));
            String img = image(d, paths);
            if (img != null) m.put(k + "/image_filename", string(img));
            m.put(k + "/shared", "boolean:" + d.get("shared").asBoolean());
        }
        return m;
    }

    /**
     * The 0.19 DTB config: ram, dtb {bootargs, init, entrypoint, image_filename ""}, drives at the 56-bit slots
     * (upstream's slot k at 1&lt;&lt;63 + k&lt;&lt;60 → 1&lt;&lt;55 + k&lt;&lt;52), the init that cartesi-machine 0.19
     * writes for the same drives with --no-init-splash --user=dapp (drives backed by an image mounted at
     * /mnt/&lt;label&gt;, every label in /run/drive-label/pmemN, USER=dapp).
     */
    public static Map<String, String> expected019(JsonNode pkg, String base) {
        Map<String, String> m = new TreeMap<>();
        JsonNode mc = pkg.get("machineConfig");
        Map<String, String> paths = imagePaths(pkg, base);
        m.put("/ram/length", integer(mc.at("/ram/length").asText()));
        m.put("/ram/image_filename", string(image(mc.get("ram"), paths)));
        StringBuilder init = new StringBuilder();
        int i = 0;
        for (JsonNode d : mc.get("flash_drive")) {
            String label = d.get("label").asText();
            // cartesi-machine 0.19 mounts a drive only when an image file backs it (an empty drive has no file system)
            if (!label.equals("root") && image(d, paths) != null) {
                init.append("busybox mkdir -p \"/mnt/").append(label).append("\" && busybox mount /dev/pmem").append(i)
                        .append(" \"/mnt/").append(label).append("\"\n");
            }
            init.append("busybox mkdir -p /run/drive-label && echo \"").append(label).append("\" > /run/drive-label/pmem").append(i).append('\n');
            String k = "/flash_drive/" + (i + 1);
            BigInteger start = value(d.get("start").asText());
            BigInteger off = start.subtract(SLOT0_07);
            if (off.signum() >= 0 && off.mod(STEP_07).signum() == 0 && off.divide(STEP_07).compareTo(BigInteger.valueOf(8)) < 0) {
                start = SLOT0_019.add(off.divide(STEP_07).multiply(STEP_019));
            }
            m.put(k + "/start", "i:0x" + start.toString(16));
            m.put(k + "/length", integer(d.get("length").asText()));
            String img = image(d, paths);
            if (img != null) m.put(k + "/image_filename", string(img));
            m.put(k + "/shared", "boolean:" + d.get("shared").asBoolean());
            i++;
        }
        init.append("USER=dapp\n");
        m.put("/dtb/bootargs", string(BOOTARGS_019));
        m.put("/dtb/init", string(init.toString()));
        m.put("/dtb/entrypoint", string(mc.at("/boot/args").asText()));
        m.put("/dtb/image_filename", string(""));
        return m;
    }

    /** cid → {@code <base>/<cid>/<fileName>} from assets; a later asset with the same cid wins (§7.2). */
    private static Map<String, String> imagePaths(JsonNode pkg, String base) {
        Map<String, String> paths = new HashMap<>();
        pkg.get("assets").forEach(a -> paths.put(a.get("cid").asText(), base + "/" + a.get("cid").asText() + "/" + a.get("fileName").asText()));
        return paths;
    }

    /** resolvedPath, else the asset path of the part's cid (a composed drive: of its composition's result). */
    private static String image(JsonNode part, Map<String, String> paths) {
        if (part.hasNonNull("resolvedPath") && !part.get("resolvedPath").asText().isEmpty()) return part.get("resolvedPath").asText();
        JsonNode cid = part.at("/compose/result");
        if (cid.isMissingNode() || cid.isNull()) cid = part.get("cid");
        return cid == null || cid.isNull() ? null : paths.get(cid.asText());
    }

    private static void copy(String prefix, JsonNode n, Map<String, String> m) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                copy(prefix + "/" + e.getKey(), e.getValue(), m);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) copy(prefix + "/" + (i + 1), n.get(i), m);
        } else if (n.isBoolean()) {
            m.put(prefix, "boolean:" + n.booleanValue());
        } else {
            m.put(prefix, integer(n.asText()));
        }
    }

    private static BigInteger value(String text) {
        return text.startsWith("0x") || text.startsWith("0X") ? new BigInteger(text.substring(2), 16) : new BigInteger(text);
    }

    private static String integer(String text) { return "i:0x" + value(text).toString(16); }

    private static String string(String s) { return "s:" + LuaDump.encode(s == null ? "" : s); }
}
