package io.carti.core.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.CartiException;
import io.carti.core.cid.Cid;
import io.carti.core.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A listing entry ({@code bundles.json}, the index files, install metadata):
 * {@code bundleType, name, fileName, id, [deps], version, [uri]} in upstream's key order. Values are kept as
 * read (an id may be an invalid CID in a foreign listing; {@link #cid()} says so clearly). Unknown keys are
 * kept in {@link #extra()} so that rewriting a file never loses data. A bundle read from JSON keeps that JSON's key
 * order ({@link #keyOrder()}; upstream stored listing entries as parsed, so a hand-written listing's order reaches
 * the repo cache, the indexes and {@code carti-meta.json} unchanged); keys it lacked (a new {@code uri}) follow.
 */
public record Bundle(String bundleType, String name, String fileName, String id, List<String> deps,
                     String version, String uri, ObjectNode extra, List<String> keyOrder) {

    /** A bundle in upstream's canonical key order. */
    public Bundle(String bundleType, String name, String fileName, String id, List<String> deps, String version, String uri, ObjectNode extra) {
        this(bundleType, name, fileName, id, deps, version, uri, extra, null);
    }

    private static final Set<String> KNOWN = Set.of("bundleType", "name", "fileName", "id", "deps", "version", "uri");

    public Bundle {
        deps = deps == null ? null : List.copyOf(deps);
        extra = extra == null ? Json.object() : extra.deepCopy();
        keyOrder = keyOrder == null ? null : List.copyOf(keyOrder);
    }

    public static Bundle of(String bundleType, String name, String fileName, Cid id, String version, String uri) {
        return new Bundle(bundleType, name, fileName, id.toString(), null, version, uri, null);
    }

    public Bundle withUri(String newUri) {
        return new Bundle(bundleType, name, fileName, id, deps, version, newUri, extra, keyOrder);
    }

    /** The id as a CID; a clear error naming the bundle when it is not one. */
    public Cid cid() {
        try {
            return Cid.parse(id);
        } catch (CartiException e) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, "bundle " + name + ": " + e.getMessage());
        }
    }

    public ObjectNode toJson() {
        ObjectNode canonical = canonicalJson();
        if (keyOrder == null) return canonical;
        ObjectNode o = Json.object();
        for (String k : keyOrder) if (canonical.has(k)) o.set(k, canonical.get(k));
        canonical.fields().forEachRemaining(e -> { if (!o.has(e.getKey())) o.set(e.getKey(), e.getValue()); });
        return o;
    }

    private ObjectNode canonicalJson() {
        ObjectNode o = Json.object();
        if (bundleType != null) o.put("bundleType", bundleType);
        if (name != null) o.put("name", name);
        if (fileName != null) o.put("fileName", fileName);
        if (id != null) o.put("id", id);
        if (deps != null) {
            ArrayNode a = o.putArray("deps");
            deps.forEach(a::add);
        }
        if (version != null) o.put("version", version);
        if (uri != null) o.put("uri", uri);
        extra.fields().forEachRemaining(e -> o.set(e.getKey(), e.getValue()));
        return o;
    }

    public static Bundle fromJson(JsonNode n) {
        if (n == null || !n.isObject()) throw new CartiException(CartiException.Kind.INVALID_INPUT, "bundle entry is not a JSON object: " + n);
        List<String> deps = null;
        if (n.get("deps") != null && n.get("deps").isArray()) {
            deps = new ArrayList<>();
            for (JsonNode d : n.get("deps")) deps.add(d.asText());
        }
        ObjectNode extra = Json.object();
        List<String> order = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            order.add(e.getKey());
            if (!KNOWN.contains(e.getKey())) extra.set(e.getKey(), e.getValue());
        }
        return new Bundle(text(n, "bundleType"), text(n, "name"), text(n, "fileName"), text(n, "id"), deps,
                text(n, "version"), text(n, "uri"), extra, order);
    }

    private static String text(JsonNode n, String k) {
        JsonNode v = n.get(k);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Upstream's short description used in pickers and {@code list}: {@code @type/name:version:id:tag}. */
    public String describe(String tag) {
        return "@" + bundleType + "/" + name + ":" + version + ":" + id + ":" + tag;
    }

    @Override public boolean equals(Object o) {
        return o instanceof Bundle b && toJson().equals(b.toJson());
    }

    @Override public int hashCode() { return Objects.hash(id, name, version, uri); }
}
