package io.carti.core.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.CartiException;
import io.carti.core.json.Json;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** An OCI content descriptor (image-spec descriptor.md): what to fetch, how big it is and what it must hash to. */
public record Descriptor(String mediaType, Digest digest, long size, Map<String, String> annotations, Platform platform,
                         String artifactType, byte[] data) {

    public Descriptor {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, null, null, null, null);
    }

    public Descriptor withAnnotations(Map<String, String> a) {
        return new Descriptor(mediaType, digest, size, a, platform, artifactType, data);
    }

    public String annotation(String key) { return annotations.get(key); }

    public static Descriptor fromJson(JsonNode n, String what) {
        if (n == null || !n.isObject() || !n.hasNonNull("digest") || !n.hasNonNull("size")) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, what + ": descriptor without digest or size");
        }
        Map<String, String> ann = new LinkedHashMap<>();
        n.path("annotations").fields().forEachRemaining(e -> ann.put(e.getKey(), e.getValue().asText()));
        byte[] data = null;
        if (n.hasNonNull("data")) {
            try {
                data = Base64.getDecoder().decode(n.get("data").asText());
            } catch (IllegalArgumentException e) {
                throw new CartiException(CartiException.Kind.INVALID_INPUT, what + ": descriptor data is not base64");
            }
        }
        long size = n.get("size").asLong(-1);
        if (size < 0) throw new CartiException(CartiException.Kind.INVALID_INPUT, what + ": negative descriptor size");
        return new Descriptor(n.path("mediaType").asText(""), Digest.parse(n.get("digest").asText()), size, ann,
                Platform.fromJson(n.get("platform")), n.hasNonNull("artifactType") ? n.get("artifactType").asText() : null, data);
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("mediaType", mediaType);
        if (artifactType != null) o.put("artifactType", artifactType);
        o.put("digest", digest.toString());
        o.put("size", size);
        if (data != null) o.put("data", Base64.getEncoder().encodeToString(data));
        if (!annotations.isEmpty()) {
            ObjectNode a = o.putObject("annotations");
            annotations.forEach(a::put);
        }
        if (platform != null) {
            ObjectNode p = o.putObject("platform");
            p.put("architecture", platform.architecture());
            p.put("os", platform.os());
            if (platform.variant() != null) p.put("variant", platform.variant());
        }
        return o;
    }

    @Override public String toString() { return mediaType + " " + digest; }
}
