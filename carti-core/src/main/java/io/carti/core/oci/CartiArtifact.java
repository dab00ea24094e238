package io.carti.core.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.CartiException;
import io.carti.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A carti bundle stored in a registry the ORAS way (ecosystem §3.8): an image manifest with
 * {@code artifactType application/vnd.cartesi.<type>.v1}, the empty config, and one raw layer holding the file,
 * titled with its file name; the bundle's name, version and CID are manifest annotations.
 */
public final class CartiArtifact {
    public static final String TITLE = "org.opencontainers.image.title";
    public static final String NAME = "io.cartesi.carti.name";
    public static final String VERSION = "io.cartesi.carti.version";
    public static final String CID = "io.cartesi.carti.cid";
    public static final String BUNDLE_TYPE = "io.cartesi.carti.bundle-type";
    public static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);

    private CartiArtifact() {}

    public static String artifactType(String bundleType) { return "application/vnd.cartesi." + bundleType + ".v1"; }

    public static String layerType(String bundleType) { return "application/vnd.cartesi." + bundleType + ".v1.raw"; }

    /** The manifest bytes for a bundle file already uploaded as {@code layer}. */
    public static byte[] manifest(String bundleType, String name, String version, String cid, String fileName, Digest layer, long size) {
        ObjectNode m = Json.object();
        m.put("schemaVersion", 2);
        m.put("mediaType", MediaTypes.OCI_MANIFEST);
        m.put("artifactType", artifactType(bundleType));
        m.set("config", Descriptor.of(MediaTypes.OCI_EMPTY, Digest.parse(MediaTypes.EMPTY_DIGEST), EMPTY.length).toJson());
        Map<String, String> title = Map.of(TITLE, fileName);
        m.putArray("layers").add(Descriptor.of(layerType(bundleType), layer, size).withAnnotations(title).toJson());
        ObjectNode a = m.putObject("annotations");
        a.put(NAME, name);
        a.put(VERSION, version);
        a.put(CID, cid);
        a.put(BUNDLE_TYPE, bundleType);
        a.put(TITLE, fileName);
        return Json.compact(m).getBytes(StandardCharsets.UTF_8);
    }

    /** What a pulled artifact manifest says: the layer holding {@code fileName} and the annotations. */
    public record Parsed(Descriptor layer, Map<String, String> annotations) {}

    public static Parsed parse(byte[] manifest, String fileName, String what) {
        JsonNode m = Json.parse(new String(manifest, StandardCharsets.UTF_8), what);
        if (m.has("manifests")) throw new CartiException(CartiException.Kind.INVALID_INPUT, what + " is an image index, not a bundle artifact");
        List<Descriptor> layers = new ArrayList<>();
        for (JsonNode l : m.path("layers")) layers.add(Descriptor.fromJson(l, what + " layer"));
        if (layers.isEmpty()) throw new CartiException(CartiException.Kind.INVALID_INPUT, what + " has no layers");
        Descriptor pick = null;
        for (Descriptor d : layers) if (fileName != null && fileName.equals(d.annotation(TITLE))) pick = d;
        if (pick == null && layers.size() == 1) pick = layers.get(0);
        if (pick == null) throw new CartiException(CartiException.Kind.NOT_FOUND, what + " has no layer titled '" + fileName + "'");
        Map<String, String> ann = new LinkedHashMap<>();
        m.path("annotations").fields().forEachRemaining(e -> ann.put(e.getKey(), e.getValue().asText()));
        return new Parsed(pick, ann);
    }
}
