package io.carti.core.machine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.CartiException;
import io.carti.core.json.Json;
import io.carti.core.schema.SchemaValidator;
import io.carti.core.store.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code carti-machine-package.json} (§4.2): a whole machine described by CIDs. The document is kept as a JSON
 * tree so key order and keys carti does not know survive a rewrite; it is schema-checked on every load and save.
 */
public final class MachinePackage {
    public static final String FILE = "carti-machine-package.json";
    public static final String DEFAULT_ROM_CID = "baenrwigwdfweve3apyvwicc2zpmzz6vdhsg62xnmzhauruw6ud4dbbafuq";
    public static final String DEFAULT_RAM_CID = "baenrwia5vqqvdu5chzjqq57tfo45z2txorpnmljeiuwemcibba43noqpvu";
    public static final String DEFAULT_ROOT_CID = "baenrwig2hfjzzeqmozb7sws6tyxmyazvuipjp5hxamtllifsokwh73eucy";
    public static final String DEFAULT_REPO = "https://github.com/createdreamtech/carti-default";
    /** Upstream's default RAM length, 64 MiB. */
    public static final String DEFAULT_RAM_LENGTH = "0x4000000";

    private final ObjectNode root;

    private MachinePackage(ObjectNode root) { this.root = root; }

    /** The package {@code carti machine init} writes (§4.4), in upstream's key order. */
    public static MachinePackage defaults() {
        ObjectNode r = Json.object();
        ArrayNode assets = r.putArray("assets");
        assets.add(asset(DEFAULT_ROM_CID, "default-rom", "rom.bin"));
        assets.add(asset(DEFAULT_RAM_CID, "default-ram", "linux-5.5.19-ctsi-2.bin"));
        assets.add(asset(DEFAULT_ROOT_CID, "default-root", "rootfs.ext2"));
        ObjectNode mc = r.putObject("machineConfig");
        ObjectNode root = mc.putArray("flash_drive").addObject();
        root.put("cid", DEFAULT_ROOT_CID);
        root.put("start", "0x8000000000000000");
        root.put("label", "root");
        root.put("length", "0x3c00000");
        root.put("shared", false);
        ObjectNode ram = mc.putObject("ram");
        ram.put("cid", DEFAULT_RAM_CID);
        ram.put("length", DEFAULT_RAM_LENGTH);
        mc.putObject("rom").put("cid", DEFAULT_ROM_CID);
        mc.putObject("boot").put("args", "ls");
        r.put("version", "0.0.0-development");
        r.putArray("repos").add(DEFAULT_REPO);
        return new MachinePackage(r);
    }

    static ObjectNode asset(String cid, String name, String fileName) {
        ObjectNode a = Json.object();
        a.put("cid", cid);
        a.put("name", name);
        a.put("fileName", fileName);
        return a;
    }

    /** A package from JSON, schema-checked; {@code label} names the source in errors. */
    public static MachinePackage of(JsonNode doc, String label) {
        if (doc == null || !doc.isObject()) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, label + ": /: must be a JSON object");
        }
        SchemaValidator.check(SchemaValidator.Schema.PACKAGE, doc, label);
        return new MachinePackage(((ObjectNode) doc).deepCopy());
    }

    /** Parses package text (e.g. a downloaded package). */
    public static MachinePackage parse(String text, String label) { return of(Json.parse(text, label), label); }

    /** Loads a package file; a missing file is a NOT_FOUND error naming it and the way to create one. */
    public static MachinePackage load(Path file) {
        return loadIfExists(file).orElseThrow(() -> new CartiException(CartiException.Kind.NOT_FOUND,
                "no " + file.getFileName() + " in " + file.toAbsolutePath().getParent() + " (run 'carti machine init' first)"));
    }

    public static Optional<MachinePackage> loadIfExists(Path file) {
        JsonNode n = Json.readIfExists(file);
        return n == null ? Optional.empty() : Optional.of(of(n, file.toString()));
    }

    /**
     * What {@code machine add} edits: the package file, or {@link #defaults()} when there is none yet (B18:
     * upstream started from a package with default CIDs but no assets and version "").
     */
    public static MachinePackage loadOrDefaults(Path file) { return loadIfExists(file).orElseGet(MachinePackage::defaults); }

    /** Schema-checks, then writes atomically as {@code JSON.stringify(pkg, null, 2)} (no trailing newline). */
    public void save(Path file) {
        SchemaValidator.check(SchemaValidator.Schema.PACKAGE, root, file.toString());
        AtomicFiles.writeString(file, Json.pretty(root));
    }

    public String toJson() { return Json.pretty(root); }

    public ObjectNode json() { return root; }

    public MachinePackage copy() { return new MachinePackage(root.deepCopy()); }

    public ObjectNode machineConfig() { return obj(root, "machineConfig"); }

    public ArrayNode assets() { return arr(root, "assets"); }

    public ArrayNode drives() { return arr(machineConfig(), "flash_drive"); }

    public ObjectNode ram() { return obj(machineConfig(), "ram"); }

    public ObjectNode rom() { return obj(machineConfig(), "rom"); }

    public ObjectNode boot() { return obj(machineConfig(), "boot"); }

    /** The drives as a list of objects, in order. */
    public List<ObjectNode> driveList() {
        List<ObjectNode> out = new ArrayList<>();
        drives().forEach(d -> out.add((ObjectNode) d));
        return out;
    }

    public Optional<ObjectNode> drive(String label) {
        return driveList().stream().filter(d -> label.equals(text(d, "label"))).findFirst();
    }

    /** {@code repos}, or empty when the key is absent. */
    public Optional<ArrayNode> repos() {
        JsonNode r = root.get("repos");
        return r != null && r.isArray() ? Optional.of((ArrayNode) r) : Optional.empty();
    }

    public ArrayNode reposOrCreate() {
        return repos().orElseGet(() -> root.putArray("repos"));
    }

    /** The asset for a CID (the last one wins, as upstream's lookup table). */
    public Optional<ObjectNode> asset(String cid) {
        ObjectNode found = null;
        for (JsonNode a : assets()) if (cid.equals(text(a, "cid"))) found = (ObjectNode) a;
        return Optional.ofNullable(found);
    }

    static String text(JsonNode n, String key) {
        JsonNode v = n == null ? null : n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static ObjectNode obj(ObjectNode parent, String key) {
        JsonNode n = parent.get(key);
        if (n instanceof ObjectNode o) return o;
        return parent.putObject(key);
    }

    private static ArrayNode arr(ObjectNode parent, String key) {
        JsonNode n = parent.get(key);
        if (n instanceof ArrayNode a) return a;
        return parent.putArray(key);
    }
}
