package io.carti.core.machine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.CartiException;
import io.carti.core.bundle.Bundler;
import io.carti.core.cid.CidHasher;
import io.carti.core.json.Json;
import io.carti.core.lua.LuaConfigReader;
import io.carti.core.schema.SchemaValidator;
import io.carti.core.store.Layout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code machine import}: an emulator 0.5–0.7 Lua config → a machine package, its ram, rom and drive images
 * bundled into the local store (upstream's library {@code pack}). Fixed on purpose (B23, B24): assets are named
 * after the image file, not its absolute path; the boot command is whatever follows the first {@code " -- "};
 * drive labels come from {@code mtdparts=flash.N:-(label)} by device number and the drives keep the config's
 * order; string escapes are decoded; a custom boot prefix is kept. Nothing is written until every image exists
 * and the package is valid.
 */
public final class MachineImporter {
    static final Set<String> KNOWN = Set.of("processor", "ram", "rom", "htif", "clint", "flash_drive");
    private static final Pattern MTD_PART = Pattern.compile("flash\\.(\\d+):[^;()]*\\(([^)]*)\\)");
    private final Layout layout;

    public MachineImporter(Layout layout) { this.layout = layout; }

    /** Path prefix rewrites applied to image file names (upstream's {@code remap}), in order; the first match wins. */
    public record Options(Map<String, String> remap, String version) {
        public Options {
            remap = remap == null ? Map.of() : new LinkedHashMap<>(remap);
            version = version == null ? "0.0.0" : version;
        }
    }

    /** The package (not saved), what was bundled, and warnings for the user. */
    public record Result(MachinePackage pkg, List<Image> images, List<String> warnings) {}

    /** One image of the config: where it was read, as what, and its CID. */
    public record Image(String part, String type, Path file, String cid) {}

    /** Reads and checks everything, bundles the images, and returns the package for the caller to save. */
    public Result importConfig(Path luaFile, Options opts) {
        String label = luaFile.getFileName().toString();
        String text;
        try {
            text = Files.readString(luaFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CartiException(CartiException.Kind.NOT_FOUND, "cannot read " + luaFile + ": " + CartiException.reason(e));
        }
        ObjectNode cfg = LuaConfigReader.read(text, label);
        List<String> warnings = new ArrayList<>();
        if (cfg.has("dtb") && !cfg.has("rom")) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, label + ": this is a DTB-era config (emulator 0.16+); "
                    + "carti imports the 0.5–0.7 format (ram, rom, flash_drive)");
        }
        for (String k : List.copyOf(iterable(cfg))) {
            if (!KNOWN.contains(k)) {
                warnings.add(label + ": '" + k + "' is not part of the 0.7 machine config model and is not imported");
                cfg.remove(k);
            }
        }
        // the emulator's default for a drive without 'shared' is false (upstream's pack refused such configs)
        if (cfg.get("flash_drive") instanceof ArrayNode ds) {
            ds.forEach(d -> { if (d instanceof ObjectNode o && !o.has("shared")) o.put("shared", false); });
        }
        SchemaValidator.check(SchemaValidator.Schema.MACHINE_CONFIG, cfg, label);
        Path dir = luaFile.toAbsolutePath().getParent();

        List<Image> images = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Image ram = image(cfg.get("ram"), "ram", "ram", dir, opts, missing);
        Image rom = image(cfg.get("rom"), "rom", "rom", dir, opts, missing);
        List<Image> drives = new ArrayList<>();
        ArrayNode fd = (ArrayNode) cfg.get("flash_drive");
        for (int i = 0; i < fd.size(); i++) drives.add(image(fd.get(i), "flash_drive[" + (i + 1) + "]", "flashdrive", dir, opts, missing));
        if (!missing.isEmpty()) {
            throw new CartiException(CartiException.Kind.NOT_FOUND, String.join("\n", missing.stream().map(m -> label + ": " + m).toList()));
        }
        for (Image im : concat(ram, rom, drives)) if (im != null) images.add(im);

        String bootargs = cfg.get("rom").get("bootargs").asText();
        Map<Integer, String> mtd = mtdLabels(bootargs);
        MachinePackage pkg = build(cfg, ram, rom, drives, bootargs, mtd, opts.version(), warnings);
        // the package is complete and valid: now the images go into the store (this is the first write)
        Bundler bundler = new Bundler(layout);
        Map<Path, String> done = new HashMap<>();
        for (Image im : images) {
            if (done.containsKey(im.file())) continue;
            Bundler.Result r = bundler.bundle(new Bundler.Request(im.file(), null, im.type(), stem(im.file()), opts.version(),
                    "imported from " + luaFile.toAbsolutePath()));
            if (!r.bundle().id().equals(im.cid())) {
                throw new CartiException(CartiException.Kind.INTEGRITY, im.file() + " changed while it was imported");
            }
            done.put(im.file(), im.cid());
        }
        MachineCheck.problems(pkg, Target.V0_7).forEach(p -> warnings.add(MachinePackage.FILE + ": " + p));
        MachineCheck.warnings(pkg, Target.V0_7).forEach(w -> warnings.add(MachinePackage.FILE + ": " + w));
        return new Result(pkg, images, warnings);
    }

    private MachinePackage build(ObjectNode cfg, Image ram, Image rom, List<Image> drives, String bootargs, Map<Integer, String> mtd,
                                 String version, List<String> warnings) {
        ObjectNode root = Json.object();
        ArrayNode assets = root.putArray("assets");
        Map<String, Boolean> seen = new HashMap<>();
        for (Image im : concat(ram, rom, drives)) {
            if (im != null && seen.put(im.cid(), true) == null) assets.add(MachinePackage.asset(im.cid(), stem(im.file()), im.file().getFileName().toString()));
        }
        ObjectNode mc = root.putObject("machineConfig");
        ArrayNode fds = mc.putArray("flash_drive");
        ArrayNode src = (ArrayNode) cfg.get("flash_drive");
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < src.size(); i++) {
            JsonNode d = src.get(i);
            String lbl = mtd.getOrDefault(i, i == 0 ? "root" : "drive" + i);
            if (!mtd.containsKey(i)) warnings.add("flash_drive[" + (i + 1) + "] has no label in mtdparts; it is labelled '" + lbl + "'");
            labels.add(lbl);
            ObjectNode o = fds.addObject();
            if (drives.get(i) != null) o.put("cid", drives.get(i).cid());
            o.put("start", hex(d.get("start").asText()));
            o.put("label", lbl);
            o.put("length", hex(d.get("length").asText()));
            o.put("shared", d.path("shared").asBoolean(false));
        }
        ObjectNode r = mc.putObject("ram");
        if (ram != null) r.put("cid", ram.cid());
        r.put("length", hex(cfg.get("ram").get("length").asText()));
        ObjectNode ro = mc.putObject("rom");
        if (rom != null) ro.put("cid", rom.cid());
        int sep = bootargs.indexOf(" -- ");
        if (sep < 0) {
            // a package always renders "<prefix> -- <args>", so the rebuilt boot args gain a trailing " -- "
            warnings.add("rom.bootargs has no ' -- <command>'; it is kept as the boot prefix, and the built config's boot args end with ' -- '");
        }
        String prefix = sep >= 0 ? bootargs.substring(0, sep) : bootargs;
        String args = sep >= 0 ? bootargs.substring(sep + 4) : "";
        ObjectNode boot = mc.putObject("boot");
        boot.put("args", args);
        StringBuilder parts = new StringBuilder();
        for (int i = 0; i < labels.size(); i++) parts.append(i > 0 ? ";" : "").append("flash.").append(i).append(":-(").append(labels.get(i)).append(')');
        if (!prefix.equals(MachineConfigs.DEFAULT_BOOT_PREFIX + " mtdparts=" + parts)) boot.put("bootPrefix", prefix);
        for (String k : List.of("processor", "htif", "clint")) if (cfg.has(k)) mc.set(k, hexAll(cfg.get(k)));
        root.put("version", version);
        return MachinePackage.of(root, MachinePackage.FILE);
    }

    /** The image of a ram/rom/drive section after remapping, hashed; null when the section has no image. */
    private Image image(JsonNode section, String part, String type, Path dir, Options opts, List<String> missing) {
        String name = section.path("image_filename").asText("");
        if (name.isEmpty()) return null;
        String mapped = name;
        for (Map.Entry<String, String> e : opts.remap().entrySet()) {
            if (name.startsWith(e.getKey())) {
                mapped = e.getValue() + name.substring(e.getKey().length());
                break;
            }
        }
        Path file = dir.resolve(mapped).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            missing.add(part + " image " + name + (mapped.equals(name) ? "" : " (" + file + ")")
                    + " does not exist (use --remap <prefix>=<dir> to point at a local copy)");
            return null;
        }
        try {
            return new Image(part, type, file, CidHasher.hash(file).toString());
        } catch (IOException e) {
            throw new CartiException("cannot read " + file + ": " + CartiException.reason(e), e);
        }
    }

    /** Device number → label from {@code mtdparts=flash.0:-(root);flash.1:-(data)}. */
    static Map<Integer, String> mtdLabels(String bootargs) {
        Map<Integer, String> m = new HashMap<>();
        int at = bootargs.indexOf("mtdparts=");
        if (at < 0) return m;
        int end = bootargs.indexOf(' ', at);
        Matcher mm = MTD_PART.matcher(bootargs.substring(at + 9, end < 0 ? bootargs.length() : end));
        while (mm.find()) m.putIfAbsent(Integer.parseInt(mm.group(1)), mm.group(2));
        return m;
    }

    private static String hex(String number) {
        return number.startsWith("0x") || number.startsWith("0X") ? number : Numbers.hex(Numbers.parse(number, "number"));
    }

    private static JsonNode hexAll(JsonNode n) {
        if (n.isObject()) {
            ObjectNode o = Json.object();
            n.fields().forEachRemaining(e -> o.set(e.getKey(), hexAll(e.getValue())));
            return o;
        }
        if (n.isArray()) {
            ArrayNode a = Json.array();
            n.forEach(x -> a.add(hexAll(x)));
            return a;
        }
        if (n.isTextual()) return Json.mapper().getNodeFactory().textNode(hex(n.asText()));
        return n;
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static List<Image> concat(Image a, Image b, List<Image> rest) {
        List<Image> l = new ArrayList<>();
        l.add(a);
        l.add(b);
        l.addAll(rest);
        return l;
    }

    private static List<String> iterable(ObjectNode n) {
        List<String> keys = new ArrayList<>();
        n.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
