package io.carti.core.machine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.CartiException;
import io.carti.core.json.Json;
import io.carti.core.lua.LuaConfigRenderer;
import io.carti.core.lua.LuaDtbConfigRenderer;
import io.carti.core.store.FileNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Package → emulator config (§7.2 {@code createNewMachineConfig}) and → Lua text. Image paths are
 * {@code <basePath>/<cid>/<fileName>} (the Docker mount point {@code /opt/carti/packages} by default), or the
 * entry's {@code resolvedPath} when it has one (B17).
 */
public final class MachineConfigs {
    public static final String DEFAULT_BASE = "/opt/carti/packages";
    /** Upstream's boot prefix; {@code mtdparts=} and the labels are appended. */
    public static final String DEFAULT_BOOT_PREFIX = "console=hvc0 rootfstype=ext2 root=/dev/mtdblock0 rw quiet";
    /** Emulator 0.19's default DTB bootargs (rootfstype dropped so ext4/squashfs roots work). */
    public static final String DTB_BOOTARGS = "quiet earlycon=sbi console=hvc0 root=/dev/pmem0 rw init=/usr/sbin/cartesi-init";

    private MachineConfigs() {}

    /** Renders {@code pkg} for {@code target} after checking it ({@link MachineCheck}); {@code label} names it in errors. */
    public static String renderLua(MachinePackage pkg, String basePath, Target target, String label) {
        for (ObjectNode d : pkg.driveList()) {
            if (d.has("compose") && !d.get("compose").hasNonNull("result")) {
                throw new CartiException(CartiException.Kind.INVALID_INPUT, label + ": drive '" + MachinePackage.text(d, "label")
                        + "': its composition is not built yet (MachineBuild.materialiseCompositions first)");
            }
        }
        MachineCheck.require(pkg, target, label);
        return target == Target.V0_19
                ? LuaDtbConfigRenderer.render(model019(pkg, basePath), label)
                : LuaConfigRenderer.render(model(pkg, basePath), LuaConfigRenderer.Signature.RETURN, label);
    }

    /** Upstream's lookup table: cid → {@code <base>/<cid>/<fileName>}; a later asset overrides an earlier one. */
    static Map<String, String> imagePaths(MachinePackage pkg, String basePath) {
        Map<String, String> m = new HashMap<>();
        for (JsonNode a : pkg.assets()) {
            String cid = MachinePackage.text(a, "cid");
            String fileName = MachinePackage.text(a, "fileName");
            // B27: a hand-edited '../x' would point the image path outside <base>/<cid>
            if (fileName != null) FileNames.requireSafe(fileName, "the asset " + cid + " of the machine package");
            if (cid != null) m.put(cid, basePath + "/" + cid + "/" + fileName);
        }
        return m;
    }

    /** The image of a ram/rom/drive entry, or null (bundleless drive, unknown cid). */
    static String image(ObjectNode part, Map<String, String> paths) {
        String rp = MachinePackage.text(part, "resolvedPath");
        if (rp != null && !rp.isEmpty()) return rp;
        String cid = effectiveCid(part);
        return cid == null ? null : paths.get(cid);
    }

    /** A drive's image cid: the composed result when it has one, else its own cid. */
    public static String effectiveCid(JsonNode part) {
        JsonNode c = part.get("compose");
        if (c != null && c.hasNonNull("result")) return c.get("result").asText();
        return MachinePackage.text(part, "cid");
    }

    /** §7.2: the 0.5–0.7 config model (numbers as their package strings). */
    public static ObjectNode model(MachinePackage pkg, String basePath) {
        Map<String, String> paths = imagePaths(pkg, basePath);
        ObjectNode cfg = Json.object();
        JsonNode mc = pkg.machineConfig();
        if (mc.has("processor")) cfg.set("processor", luaNumbers(mc.get("processor").deepCopy()));
        ObjectNode ram = cfg.putObject("ram");
        String ramLen = MachinePackage.text(pkg.ram(), "length");
        if (ramLen != null) ram.put("length", luaNumber(ramLen));
        ram.put("image_filename", orEmpty(image(pkg.ram(), paths)));
        ObjectNode rom = cfg.putObject("rom");
        rom.put("image_filename", orEmpty(image(pkg.rom(), paths)));
        rom.put("bootargs", bootargs(pkg));
        if (mc.has("htif")) cfg.set("htif", luaNumbers(mc.get("htif").deepCopy()));
        if (mc.has("clint")) cfg.set("clint", luaNumbers(mc.get("clint").deepCopy()));
        ArrayNode drives = cfg.putArray("flash_drive");
        for (ObjectNode d : pkg.driveList()) {
            ObjectNode o = drives.addObject();
            o.put("start", luaNumber(MachinePackage.text(d, "start")));
            o.put("length", luaNumber(MachinePackage.text(d, "length")));
            String img = image(d, paths);
            if (img != null) o.put("image_filename", img);
            o.put("shared", d.path("shared").asBoolean(false));
        }
        return cfg;
    }

    /** BOOT = (bootPrefix || default prefix + mtdparts of the drive labels) + " -- " + boot.args. */
    public static String bootargs(MachinePackage pkg) {
        String prefix = bootPrefix(pkg);
        if (prefix.isEmpty()) prefix = DEFAULT_BOOT_PREFIX + " mtdparts=" + mtdparts(pkg);
        return prefix + " -- " + args(pkg);
    }

    /** The package's own boot prefix, or "" for the default one (an empty {@code bootPrefix} is upstream's falsy ""). */
    public static String bootPrefix(MachinePackage pkg) { return orEmpty(MachinePackage.text(pkg.boot(), "bootPrefix")); }

    static String mtdparts(MachinePackage pkg) {
        List<ObjectNode> ds = pkg.driveList();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ds.size(); i++) {
            if (i > 0) sb.append(';');
            sb.append("flash.").append(i).append(":-(").append(orEmpty(MachinePackage.text(ds.get(i), "label"))).append(')');
        }
        return sb.toString();
    }

    static String args(MachinePackage pkg) { return orEmpty(MachinePackage.text(pkg.boot(), "args")); }

    /** The 0.19 DTB bootargs (a custom bootPrefix is MTD-era and does not apply). */
    public static String dtbBootargs(MachinePackage pkg) { return DTB_BOOTARGS; }

    /**
     * The 0.19 {@code dtb.init}, as cartesi-machine 0.19 writes it for the same {@code --flash-drive}s with
     * {@code --no-init-splash --user=dapp}: every non-root drive backed by an image is mounted at /mnt/&lt;label&gt;
     * (an empty drive has no file system, so it is left as the raw device /dev/pmemN), every drive's label is
     * recorded in /run/drive-label/pmemN (for the guest's {@code flashdrive} tool), then {@code USER=dapp}.
     */
    public static String dtbInit(MachinePackage pkg) {
        StringBuilder sb = new StringBuilder();
        List<ObjectNode> ds = pkg.driveList();
        for (int i = 0; i < ds.size(); i++) {
            String label = orEmpty(MachinePackage.text(ds.get(i), "label"));
            String dev = "pmem" + i;
            if (!label.equals("root") && hasImage(ds.get(i))) {
                sb.append("busybox mkdir -p \"/mnt/").append(label).append("\" && busybox mount /dev/").append(dev)
                        .append(" \"/mnt/").append(label).append("\"\n");
            }
            sb.append("busybox mkdir -p /run/drive-label && echo \"").append(label).append("\" > /run/drive-label/").append(dev).append('\n');
        }
        sb.append("USER=dapp\n");
        return sb.toString();
    }

    /** The 0.19 model: ram, dtb{bootargs,init,entrypoint,image_filename}, drives with 56-bit starts and labels. */
    public static ObjectNode model019(MachinePackage pkg, String basePath) {
        Map<String, String> paths = imagePaths(pkg, basePath);
        ObjectNode cfg = Json.object();
        ObjectNode ram = cfg.putObject("ram");
        ram.put("length", luaNumber(orEmpty(MachinePackage.text(pkg.ram(), "length"))));
        ram.put("image_filename", orEmpty(image(pkg.ram(), paths)));
        ObjectNode dtb = cfg.putObject("dtb");
        dtb.put("bootargs", dtbBootargs(pkg));
        dtb.put("init", dtbInit(pkg));
        dtb.put("entrypoint", args(pkg));
        dtb.put("image_filename", "");
        ArrayNode drives = cfg.putArray("flash_drive");
        for (ObjectNode d : pkg.driveList()) {
            ObjectNode o = drives.addObject();
            o.put("label", MachinePackage.text(d, "label"));
            o.put("start", Numbers.hex(Layouts.start019(Numbers.parse(MachinePackage.text(d, "start"), "start"))));
            o.put("length", luaNumber(MachinePackage.text(d, "length")));
            String img = image(d, paths);
            if (img != null) o.put("image_filename", img);
            o.put("shared", d.path("shared").asBoolean(false));
        }
        return cfg;
    }

    /**
     * A package number as Lua source: as written (upstream copied it verbatim), except decimal text above
     * 2^63-1, which Lua 5.4 would read as a float the emulator refuses; that is written in hex, which Lua reads
     * as the same 64-bit integer.
     */
    static String luaNumber(String text) {
        if (text == null || text.isEmpty() || text.startsWith("0x") || text.startsWith("0X") || !Numbers.isNumber(text)) return text;
        java.math.BigInteger v = Numbers.parse(text, "number");
        return v.bitLength() > 63 ? Numbers.hex(v) : text;
    }

    /** {@link #luaNumber} on every string of a processor/htif/clint copy (registers, x[], tohost, mtimecmp). */
    private static JsonNode luaNumbers(JsonNode n) {
        if (n instanceof ObjectNode o) {
            o.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) o.put(e.getKey(), luaNumber(e.getValue().asText()));
                else luaNumbers(e.getValue());
            });
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) if (a.get(i).isTextual()) a.set(i, a.textNode(luaNumber(a.get(i).asText())));
        }
        return n;
    }

    /** Whether a drive is backed by an image file (a bundle, a composition or a resolvedPath), not an empty drive. */
    static boolean hasImage(ObjectNode drive) {
        String rp = MachinePackage.text(drive, "resolvedPath");
        return (rp != null && !rp.isEmpty()) || effectiveCid(drive) != null;
    }

    /** The labels of the drives, in order (for messages). */
    public static String labels(MachinePackage pkg) {
        return pkg.driveList().stream().map(d -> MachinePackage.text(d, "label")).collect(Collectors.joining(", "));
    }

    private static String orEmpty(String s) { return s == null ? "" : s; }
}
