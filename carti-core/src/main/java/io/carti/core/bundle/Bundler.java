package io.carti.core.bundle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.CartiException;
import io.carti.core.json.Json;
import io.carti.core.store.BundleStore;
import io.carti.core.store.FileNames;
import io.carti.core.store.Layout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code carti bundle}: a file becomes a bundle in the local store and the local installed index (§3.1). */
public final class Bundler {
    private final Layout layout;

    public Bundler(Layout layout) { this.layout = layout; }

    /** What to bundle. {@code source} is the absolute path recorded in the metadata. */
    public record Request(Path file, String fileName, String type, String name, String version, String desc) {}

    public record Result(Bundle bundle, Path storedFile, long size) {}

    public Result bundle(Request r) {
        BundleType.parse(r.type()); // B4: the type is checked
        if (r.name() == null || r.name().isBlank()) throw new CartiException(CartiException.Kind.INVALID_INPUT, "bundle name must not be empty");
        if (r.version() == null || r.version().isBlank()) throw new CartiException(CartiException.Kind.INVALID_INPUT, "bundle version must not be empty");
        Path src = r.file().toAbsolutePath().normalize();
        if (Files.isDirectory(src)) throw new CartiException(CartiException.Kind.INVALID_INPUT, src + " is a directory, not a file");
        if (!Files.isRegularFile(src)) throw new CartiException(CartiException.Kind.NOT_FOUND, "no such file: " + src);
        String fileName = FileNames.requireSafe(r.fileName() != null ? r.fileName() : src.getFileName().toString(), "bundle " + r.name());
        // upstream's carti-meta.json for bundle: bundleType, name, fileName, path, version (+ desc, B5)
        ObjectNode meta = Json.object();
        meta.put("bundleType", r.type());
        meta.put("name", r.name());
        meta.put("fileName", fileName);
        meta.put("path", src.toString());
        meta.put("version", r.version());
        if (r.desc() != null) meta.put("desc", r.desc());
        BundleStore store = layout.localStore();
        layout.localIndex().read(); // a malformed index fails the command before the store is touched
        BundleStore.Stored stored = store.putFile(src, null, fileName, meta, "bundle " + r.name());
        String uri = stored.path().toString();
        Bundle b = Bundle.of(r.type(), r.name(), fileName, stored.cid(), r.version(), uri);
        layout.localIndex().put(uri, List.of(b));
        return new Result(b, stored.path(), stored.size());
    }
}
