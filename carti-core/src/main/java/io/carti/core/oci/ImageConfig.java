package io.carti.core.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.CartiException;
import io.carti.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parts of an image config (image-spec config.md) that carti uses to build and boot a drive. */
public record ImageConfig(Platform platform, String user, List<String> env, List<String> entrypoint, List<String> cmd,
                          String workingDir, Map<String, String> labels, List<Digest> diffIds) {

    public static ImageConfig parse(byte[] json, String what) {
        JsonNode n = Json.parse(new String(json, java.nio.charset.StandardCharsets.UTF_8), what);
        if (!n.isObject()) throw new CartiException(CartiException.Kind.INVALID_INPUT, what + ": image config is not a JSON object");
        JsonNode c = n.path("config");
        List<Digest> diffIds = new ArrayList<>();
        for (JsonNode d : n.path("rootfs").path("diff_ids")) diffIds.add(Digest.parse(d.asText()));
        Map<String, String> labels = new LinkedHashMap<>();
        c.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new ImageConfig(Platform.fromJson(n), text(c, "User"), strings(c.get("Env")), strings(c.get("Entrypoint")),
                strings(c.get("Cmd")), text(c, "WorkingDir"), labels, diffIds);
    }

    /** Entrypoint ++ Cmd (ecosystem §3.5); empty when the image names no command. */
    public List<String> argv() {
        List<String> a = new ArrayList<>(entrypoint);
        a.addAll(cmd);
        return a;
    }

    /** The config as kept in carti-meta.json under {@code "image"}. */
    public ObjectNode toMeta() {
        ObjectNode o = Json.object();
        if (platform != null) o.put("platform", platform.toString());
        o.set("entrypoint", array(entrypoint));
        o.set("cmd", array(cmd));
        o.set("env", array(env));
        o.put("workingDir", workingDir == null ? "" : workingDir);
        o.put("user", user == null ? "" : user);
        if (!labels.isEmpty()) {
            ObjectNode l = o.putObject("labels");
            labels.forEach(l::put);
        }
        return o;
    }

    /** Reads {@link #toMeta()} back (machine add oci works from a stored bundle). */
    public static ImageConfig fromMeta(JsonNode o) {
        Map<String, String> labels = new LinkedHashMap<>();
        o.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        Platform p = o.hasNonNull("platform") ? Platform.parse(o.get("platform").asText()) : null;
        return new ImageConfig(p, emptyToNull(text(o, "user")), strings(o.get("env")), strings(o.get("entrypoint")),
                strings(o.get("cmd")), emptyToNull(text(o, "workingDir")), labels, List.of());
    }

    private static ArrayNode array(List<String> l) {
        ArrayNode a = Json.array();
        l.forEach(a::add);
        return a;
    }

    private static String text(JsonNode n, String k) {
        JsonNode v = n == null ? null : n.get(k);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String emptyToNull(String s) { return s == null || s.isEmpty() ? null : s; }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        if (a != null && a.isArray()) a.forEach(x -> out.add(x.asText()));
        return List.copyOf(out);
    }
}
