package io.carti.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One of upstream's three {@code .bundles_index.json} files: {@code {"<key>": [Bundle, …]}} where the key is an
 * installed file path (installed indexes) or a repo uri (the repo listing cache). Lookups follow upstream's
 * order: key insertion order, then array order. Reads are fresh on every query (no stale duplicates, B15).
 */
public final class BundleIndex {
    public static final String FILE = ".bundles_index.json";
    private final Path file;

    public BundleIndex(Path dir) { this.file = dir.resolve(FILE); }

    public Path file() { return file; }

    /** One entry: the key it is listed under and the bundle. */
    public record Entry(String key, Bundle bundle) {}

    public LinkedHashMap<String, List<Bundle>> read() {
        JsonNode n = Json.readIfExists(file);
        LinkedHashMap<String, List<Bundle>> map = new LinkedHashMap<>();
        if (n == null) return map;
        if (!n.isObject()) throw new CartiException(CartiException.Kind.INVALID_INPUT, file + ": expected a JSON object");
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            // upstream's GlobalIndex called forEach on every value: anything but an array of objects crashed it.
            // Skipping such an entry would drop it on the next write, so the file is reported instead.
            if (!e.getValue().isArray()) {
                throw new CartiException(CartiException.Kind.INVALID_INPUT,
                        file + ": entry \"" + e.getKey() + "\" is not an array of bundles: " + e.getValue());
            }
            List<Bundle> list = new ArrayList<>();
            for (JsonNode b : e.getValue()) {
                if (!b.isObject()) {
                    throw new CartiException(CartiException.Kind.INVALID_INPUT,
                            file + ": entry \"" + e.getKey() + "\" holds a bundle that is not a JSON object: " + b);
                }
                list.add(Bundle.fromJson(b));
            }
            map.put(e.getKey(), list);
        }
        return map;
    }

    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<String, List<Bundle>> e : read().entrySet()) {
            for (Bundle b : e.getValue()) out.add(new Entry(e.getKey(), b));
        }
        return out;
    }

    public List<Bundle> byName(String name) {
        return entries().stream().filter(e -> name.equals(e.bundle().name())).map(Entry::bundle).toList();
    }

    public List<Bundle> byId(String id) {
        return entries().stream().filter(e -> id.equals(e.bundle().id())).map(Entry::bundle).toList();
    }

    /** The keys (origins) listing a given id, in order, without repeats. */
    public List<String> originsOf(String id) {
        return entries().stream().filter(e -> id.equals(e.bundle().id())).map(Entry::key).distinct().toList();
    }

    /** Sets {@code key}'s bundles (replacing them; an existing key keeps its position, like a JS object). */
    public void put(String key, List<Bundle> bundles) {
        LinkedHashMap<String, List<Bundle>> map = read();
        map.put(key, List.copyOf(bundles));
        write(map);
    }

    public void remove(String key) {
        LinkedHashMap<String, List<Bundle>> map = read();
        if (map.remove(key) != null) write(map);
    }

    public boolean contains(String key) { return read().containsKey(key); }

    public void write(Map<String, List<Bundle>> map) {
        ObjectNode o = Json.object();
        map.forEach((k, v) -> {
            ArrayNode a = o.putArray(k);
            v.forEach(b -> a.add(b.toJson()));
        });
        AtomicFiles.writeString(file, Json.pretty(o));
    }
}
