package io.carti.core.oci;

import com.fasterxml.jackson.databind.JsonNode;
import io.carti.core.CartiException;
import io.carti.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Walks index → (nested index →) manifest → config + layers, picking the requested platform, over any
 * {@link BlobReader}. Shared by layout directories, docker-save tars in OCI flavour and registries.
 */
public final class ImageResolver {
    private static final int MAX_DEPTH = 4;
    private final BlobReader blobs;
    private final String source;
    private final Platform wanted;

    public ImageResolver(BlobReader blobs, String source, Platform wanted) {
        this.blobs = blobs;
        this.source = source;
        this.wanted = wanted;
    }

    /** Resolves from an index or manifest document already read (and verified, when it has a digest). */
    public ResolvedImage resolve(byte[] document, Digest digest, String tag) {
        return resolve(document, digest, tag, 0);
    }

    private ResolvedImage resolve(byte[] document, Digest digest, String tag, int depth) {
        if (depth > MAX_DEPTH) throw invalid(source + ": indexes nested too deeply");
        JsonNode n = Json.parse(new String(document, StandardCharsets.UTF_8), source + (digest != null ? " " + digest : ""));
        String mt = n.path("mediaType").asText("");
        if (n.has("manifests") || MediaTypes.INDEXES.contains(mt)) {
            Descriptor d = pick(n, tag);
            byte[] next = blobs.readManifest(d, source + " manifest");
            return resolve(next, d.digest(), null, depth + 1);
        }
        if (n.has("layers") || MediaTypes.MANIFESTS.contains(mt)) return manifest(n, digest);
        throw invalid(source + ": unknown media type '" + mt + "' (neither an image index nor a manifest)");
    }

    private Descriptor pick(JsonNode index, String tag) {
        List<Descriptor> all = new ArrayList<>();
        for (JsonNode m : index.path("manifests")) all.add(Descriptor.fromJson(m, source + " index"));
        if (tag != null) {
            all = all.stream().filter(d -> tag.equals(d.annotation("org.opencontainers.image.ref.name"))).collect(Collectors.toList());
            if (all.isEmpty()) throw new CartiException(CartiException.Kind.NOT_FOUND, "no image tagged '" + tag + "' in " + source);
        }
        List<Descriptor> known = new ArrayList<>();
        for (Descriptor d : all) {
            if (MediaTypes.INDEXES.contains(d.mediaType()) || MediaTypes.MANIFESTS.contains(d.mediaType())) known.add(d);
            else if (d.platform() == null && all.size() == 1) throw invalid(source + ": unknown media type '" + d.mediaType() + "' for " + d.digest());
        }
        if (known.isEmpty()) throw new CartiException(CartiException.Kind.NOT_FOUND, source + ": the index lists no image manifest");
        List<Descriptor> withPlatform = known.stream().filter(d -> d.platform() != null).toList();
        if (withPlatform.isEmpty()) {
            if (known.size() > 1) throw invalid(source + ": the index lists " + known.size() + " images; name one with a tag");
            return known.get(0);
        }
        for (Descriptor d : withPlatform) if (wanted.matches(d.platform())) return d;
        String have = withPlatform.stream().map(d -> d.platform().toString()).distinct().collect(Collectors.joining(", "));
        throw new CartiException(CartiException.Kind.NOT_FOUND, source + " has no image for " + wanted + " (it has: " + have + ")");
    }

    private ResolvedImage manifest(JsonNode m, Digest digest) {
        if (!m.has("config")) throw invalid(source + ": manifest has no config");
        Descriptor configDesc = Descriptor.fromJson(m.get("config"), source + " manifest config");
        if (!MediaTypes.CONFIGS.contains(configDesc.mediaType())) {
            String at = m.path("artifactType").asText(configDesc.mediaType());
            throw invalid(source + " is not a container image: unknown config media type '" + at + "'");
        }
        ImageConfig config = ImageConfig.parse(blobs.readSmall(configDesc, source + " config"), source + " config");
        List<Layer> layers = new ArrayList<>();
        JsonNode ls = m.path("layers");
        if (ls.size() != config.diffIds().size()) {
            throw invalid(source + ": manifest has " + ls.size() + " layers but the config lists " + config.diffIds().size() + " diff_ids");
        }
        for (int i = 0; i < ls.size(); i++) {
            Descriptor d = Descriptor.fromJson(ls.get(i), source + " layer " + (i + 1));
            if (!MediaTypes.LAYERS.contains(d.mediaType())) {
                throw invalid(source + ": unknown media type '" + d.mediaType() + "' for layer " + (i + 1) + " (" + d.digest() + ")");
            }
            layers.add(new Layer(i, d, config.diffIds().get(i), () -> blobs.open(d)));
        }
        checkPlatform(config);
        return new ResolvedImage(source, digest, config, layers);
    }

    /** A single-platform image must still be the platform asked for (a Cartesi machine runs riscv64). */
    void checkPlatform(ImageConfig config) {
        if (config.platform() != null && !wanted.matches(config.platform())) {
            throw invalid(source + " is a " + config.platform() + " image, not " + wanted + " (pass --platform " + config.platform() + " to import it anyway)");
        }
    }

    static CartiException invalid(String msg) { return new CartiException(CartiException.Kind.INVALID_INPUT, msg); }
}
