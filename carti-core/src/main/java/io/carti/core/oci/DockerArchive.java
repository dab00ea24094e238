package io.carti.core.oci;

import com.fasterxml.jackson.databind.JsonNode;
import io.carti.core.CartiException;
import io.carti.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * A {@code docker save} tarball, read in place (random access, nothing extracted): the legacy flavour
 * ({@code manifest.json} + {@code <id>/layer.tar}) and the Docker ≥ 25 flavour, which is an OCI layout with a
 * {@code manifest.json} next to it (ecosystem §3.2: trust manifest.json when present, else index.json).
 */
public final class DockerArchive implements ImageSource, BlobReader {
    private static final Pattern BLOB_PATH = Pattern.compile("blobs/(sha256|sha512)/([a-f0-9]+)");
    private static final Pattern HEX_JSON = Pattern.compile("(?:.*/)?([a-f0-9]{64})\\.json");
    private final Path file;
    private final String tag;
    private final TarFile tar;
    private final Map<String, TarArchiveEntry> entries = new HashMap<>();

    public DockerArchive(Path file, String tag) {
        this.file = file;
        this.tag = tag;
        try {
            this.tar = new TarFile(file);
            for (TarArchiveEntry e : tar.getEntries()) entries.put(normalize(e.getName()), e);
        } catch (IOException | RuntimeException e) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, file + " is not a readable docker-save tarball: " + e.getMessage(), e);
        }
    }

    @Override public ResolvedImage resolve(Platform platform) {
        if (entries.containsKey("manifest.json")) return fromManifestJson(platform);
        if (entries.containsKey("index.json")) {
            byte[] index = readEntry("index.json", SMALL_LIMIT);
            return new ImageResolver(this, file.toString(), platform).resolve(index, null, tag);
        }
        throw new CartiException(CartiException.Kind.INVALID_INPUT, file + " is not a docker-save tarball (no manifest.json or index.json)");
    }

    private ResolvedImage fromManifestJson(Platform platform) {
        JsonNode list = Json.parse(new String(readEntry("manifest.json", SMALL_LIMIT), StandardCharsets.UTF_8), file + " manifest.json");
        if (!list.isArray() || list.isEmpty()) throw invalid("manifest.json lists no image");
        JsonNode image = chooseImage(list);
        String configPath = image.path("Config").asText(null);
        if (configPath == null) throw invalid("manifest.json has no Config");
        byte[] configBytes = readEntry(resolveLinks(configPath), SMALL_LIMIT);
        Digest expectedConfig = digestFromPath(configPath);
        if (expectedConfig != null) {
            Digest actual = Digest.of(expectedConfig.algorithm(), expectedConfig.newMessageDigest().digest(configBytes));
            if (!actual.equals(expectedConfig)) throw new CartiException(CartiException.Kind.INTEGRITY,
                    file + ": config " + configPath + " does not match its digest (got " + actual + ")");
        }
        ImageConfig config = ImageConfig.parse(configBytes, file + " " + configPath);
        JsonNode paths = image.path("Layers");
        if (paths.size() != config.diffIds().size()) {
            throw invalid("manifest.json lists " + paths.size() + " layers but the config lists " + config.diffIds().size() + " diff_ids");
        }
        new ImageResolver(this, file.toString(), platform).checkPlatform(config);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            String p = resolveLinks(paths.get(i).asText());
            TarArchiveEntry e = entry(p);
            Matcher m = BLOB_PATH.matcher(p);
            Descriptor d = m.matches() ? Descriptor.of("", new Digest(m.group(1), m.group(2)), e.getSize()) : null;
            layers.add(new Layer(i, d, config.diffIds().get(i), () -> {
                InputStream in = tar.getInputStream(e);
                return d == null ? in : new VerifyingInputStream(in, d.digest(), d.size(), "layer " + p + " in " + file);
            }));
        }
        return new ResolvedImage(file.toString(), null, config, layers);
    }

    private JsonNode chooseImage(JsonNode list) {
        if (tag == null) {
            if (list.size() > 1) throw invalid("holds " + list.size() + " images; name one as " + file.getFileName() + ":<repo:tag>");
            return list.get(0);
        }
        for (JsonNode img : list) {
            for (JsonNode t : img.path("RepoTags")) {
                String s = t.asText();
                if (s.equals(tag) || s.endsWith("/" + tag) || s.endsWith(":" + tag)) return img;
            }
        }
        throw new CartiException(CartiException.Kind.NOT_FOUND, "no image tagged '" + tag + "' in " + file);
    }

    /** skopeo writes {@code <id>/layer.tar} as a symlink to {@code ../<diffid>.tar}. */
    private String resolveLinks(String path) {
        String p = normalize(path);
        for (int hops = 0; hops < 8; hops++) {
            TarArchiveEntry e = entry(p);
            if (!e.isSymbolicLink()) return p;
            String target = e.getLinkName();
            String dir = p.contains("/") ? p.substring(0, p.lastIndexOf('/') + 1) : "";
            p = normalize(target.startsWith("/") ? target : dir + target);
        }
        throw invalid("too many symlinks at " + path);
    }

    private static Digest digestFromPath(String path) {
        Matcher b = BLOB_PATH.matcher(normalize(path));
        if (b.matches()) return new Digest(b.group(1), b.group(2));
        Matcher h = HEX_JSON.matcher(path);
        return h.matches() ? new Digest("sha256", h.group(1)) : null;
    }

    @Override public InputStream open(Descriptor d) throws IOException {
        String p = "blobs/" + d.digest().algorithm() + "/" + d.digest().hex();
        return new VerifyingInputStream(tar.getInputStream(entry(p)), d.digest(), d.size(), "blob " + d.digest() + " in " + file);
    }

    private TarArchiveEntry entry(String p) {
        TarArchiveEntry e = entries.get(p);
        if (e == null) {
            String what = p.startsWith("blobs/") ? "missing blob " + p.substring(6).replace('/', ':') : "missing " + p;
            throw new CartiException(CartiException.Kind.NOT_FOUND, what + " in " + file);
        }
        return e;
    }

    private byte[] readEntry(String name, long limit) {
        TarArchiveEntry e = entry(name);
        if (e.getSize() > limit) throw invalid(name + " is too large");
        try (InputStream in = tar.getInputStream(e)) {
            return in.readAllBytes();
        } catch (IOException ex) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, "cannot read " + name + " in " + file + ": " + ex.getMessage(), ex);
        }
    }

    /** Resolves "a/../b" inside the archive; a path leaving it is refused. */
    private static String normalize(String name) {
        List<String> out = new ArrayList<>();
        for (String s : name.split("/")) {
            if (s.isEmpty() || s.equals(".")) continue;
            if (s.equals("..")) {
                if (out.isEmpty()) throw new CartiException(CartiException.Kind.INVALID_INPUT, "path '" + name + "' escapes the archive");
                out.remove(out.size() - 1);
            } else out.add(s);
        }
        return String.join("/", out);
    }

    private CartiException invalid(String msg) { return new CartiException(CartiException.Kind.INVALID_INPUT, file + ": " + msg); }

    @Override public void close() {
        try {
            tar.close();
        } catch (IOException ignored) { /* read-only */ }
    }
}
