package io.carti.core.oci;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdOutputStream;
import io.carti.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Writes OCI image layouts for tests, layer by layer, with every layer feature (test fixtures built in Java). */
public final class TestImages {
    public enum Compression { NONE, GZIP, ZSTD }

    /** One tar entry of a layer. */
    public record Entry(String name, byte type, int mode, int uid, int gid, byte[] content, String link) {}

    public static Entry dir(String name, int mode) { return new Entry(name, TarConstants.LF_DIR, mode, 0, 0, null, null); }

    public static Entry dir(String name, int mode, int uid, int gid) { return new Entry(name, TarConstants.LF_DIR, mode, uid, gid, null, null); }

    public static Entry file(String name, int mode, String content) { return file(name, mode, 0, 0, content.getBytes(StandardCharsets.UTF_8)); }

    public static Entry file(String name, int mode, int uid, int gid, byte[] content) {
        return new Entry(name, TarConstants.LF_NORMAL, mode, uid, gid, content, null);
    }

    public static Entry symlink(String name, String target) { return new Entry(name, TarConstants.LF_SYMLINK, 0777, 0, 0, null, target); }

    public static Entry hardlink(String name, String target) { return new Entry(name, TarConstants.LF_LINK, 0644, 0, 0, null, target); }

    public static Entry fifo(String name) { return new Entry(name, TarConstants.LF_FIFO, 0644, 0, 0, null, null); }

    public static Entry whiteout(String dir, String name) { return file((dir.isEmpty() ? "" : dir + "/") + ".wh." + name, 0644, ""); }

    public static Entry opaque(String dir) { return file(dir + "/.wh..wh..opq", 0644, ""); }

    public record LayerSpec(Compression compression, List<Entry> entries) {}

    public static LayerSpec layer(Compression c, Entry... entries) { return new LayerSpec(c, List.of(entries)); }

    /** Config fields of the image. */
    public static final class Config {
        public String architecture = "riscv64";
        public String os = "linux";
        public List<String> entrypoint = List.of();
        public List<String> cmd = List.of("/bin/sh");
        public List<String> env = List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        public String workingDir = "";
        public String user = "";
    }

    public record Built(Path dir, Digest manifestDigest, List<Digest> layerDigests, List<Digest> diffIds) {}

    public static byte[] tar(List<Entry> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(bytes, "UTF-8")) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            t.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Entry e : entries) {
                TarArchiveEntry te = new TarArchiveEntry(e.name(), e.type(), false);
                te.setMode(e.mode());
                te.setIds(e.uid(), e.gid());
                te.setModTime(1_700_000_000_000L);
                if (e.link() != null) te.setLinkName(e.link());
                if (e.content() != null) te.setSize(e.content().length);
                t.putArchiveEntry(te);
                if (e.content() != null) t.write(e.content());
                t.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    public static byte[] compress(byte[] tar, Compression c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (c) {
            case NONE -> out.write(tar);
            case GZIP -> { try (OutputStream z = new GZIPOutputStream(out)) { z.write(tar); } }
            case ZSTD -> { try (OutputStream z = new ZstdOutputStream(out)) { z.write(tar); } }
        }
        return out.toByteArray();
    }

    static String layerType(Compression c) {
        return switch (c) {
            case NONE -> MediaTypes.OCI_LAYER;
            case GZIP -> MediaTypes.OCI_LAYER_GZIP;
            case ZSTD -> MediaTypes.OCI_LAYER_ZSTD;
        };
    }

    public static Digest writeBlob(Path dir, byte[] b) throws IOException {
        Digest d = Digest.sha256(b);
        Path p = dir.resolve("blobs/sha256/" + d.hex());
        Files.createDirectories(p.getParent());
        Files.write(p, b);
        return d;
    }

    /** Writes a layout at {@code dir} with one image tagged {@code tag}. */
    public static Built layout(Path dir, String tag, Config cfg, List<LayerSpec> layers) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        List<Digest> blobs = new ArrayList<>();
        List<Digest> diffIds = new ArrayList<>();
        ArrayNode layerDescs = Json.array();
        for (LayerSpec l : layers) {
            byte[] t = tar(l.entries());
            byte[] blob = compress(t, l.compression());
            Digest d = writeBlob(dir, blob);
            blobs.add(d);
            diffIds.add(Digest.sha256(t));
            layerDescs.add(Descriptor.of(layerType(l.compression()), d, blob.length).toJson());
        }
        byte[] config = configJson(cfg, diffIds);
        Digest configDigest = writeBlob(dir, config);
        ObjectNode manifest = Json.object();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
        manifest.set("config", Descriptor.of(MediaTypes.OCI_CONFIG, configDigest, config.length).toJson());
        manifest.set("layers", layerDescs);
        byte[] mb = Json.compact(manifest).getBytes(StandardCharsets.UTF_8);
        Digest md = writeBlob(dir, mb);
        ObjectNode index = Json.object();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        ObjectNode desc = Descriptor.of(MediaTypes.OCI_MANIFEST, md, mb.length).toJson();
        desc.putObject("annotations").put("org.opencontainers.image.ref.name", tag);
        index.putArray("manifests").add(desc);
        Files.writeString(dir.resolve("index.json"), Json.compact(index));
        return new Built(dir, md, blobs, diffIds);
    }

    public static byte[] configJson(Config cfg, List<Digest> diffIds) {
        ObjectNode c = Json.object();
        c.put("architecture", cfg.architecture);
        c.put("os", cfg.os);
        ObjectNode conf = c.putObject("config");
        if (!cfg.user.isEmpty()) conf.put("User", cfg.user);
        ArrayNode env = conf.putArray("Env");
        cfg.env.forEach(env::add);
        if (!cfg.entrypoint.isEmpty()) {
            ArrayNode ep = conf.putArray("Entrypoint");
            cfg.entrypoint.forEach(ep::add);
        }
        ArrayNode cmd = conf.putArray("Cmd");
        cfg.cmd.forEach(cmd::add);
        if (!cfg.workingDir.isEmpty()) conf.put("WorkingDir", cfg.workingDir);
        ObjectNode rootfs = c.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        diffIds.forEach(d -> ids.add(d.toString()));
        return Json.compact(c).getBytes(StandardCharsets.UTF_8);
    }

    /** Runs a tool, failing the test with its output when it fails. */
    public static String run(Path cwd, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (cwd != null) pb.directory(cwd.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new AssertionError(String.join(" ", cmd) + " failed:\n" + out);
        return out;
    }

    /** The image every flattening test uses: all layer features over four layers. */
    public static List<LayerSpec> richImage() {
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31 + 7);
        return List.of(
                layer(Compression.GZIP,
                        dir("etc", 0755), file("etc/passwd", 0644, "root:x:0:0:root:/root:/bin/sh\n"),
                        dir("bin", 0755), file("bin/busybox", 0755, 0, 0, big),
                        symlink("bin/sh", "busybox"), hardlink("bin/ls", "bin/busybox"),
                        dir("home", 0755), dir("home/user", 0700, 1000, 1000), file("home/user/.profile", 0600, 1000, 1000, "x=1\n".getBytes()),
                        dir("var", 0755), dir("var/cache", 0755), file("var/cache/a", 0644, "a"), file("var/cache/b", 0644, "b"),
                        dir("opt", 0755), dir("opt/old", 0755), file("opt/old/x", 0644, "x"),
                        file("remove-me", 0644, "gone"), symlink("lib", "usr/lib"), dir("usr", 0755), dir("usr/lib", 0755),
                        fifo("run-fifo")),
                layer(Compression.ZSTD,
                        whiteout("", "remove-me"), opaque("var/cache"), file("var/cache/c", 0640, "c"),
                        file("lib/libfoo.so", 0755, "elf"), // written through the /lib symlink into usr/lib
                        file("bin/busybox", 0755, "new busybox"), // replaces the file /bin/ls was linked to
                        file("etc/motd", 0644, 0, 0, "héllo wörld ✓\n".getBytes(StandardCharsets.UTF_8)),
                        file("etc/ünïcødé-名前.txt", 0644, "utf-8 name"),
                        dir("etc", 0750)),
                layer(Compression.NONE,
                        whiteout("opt", "old"), dir("opt/old", 0711), file("opt/old/y", 0644, "y"),
                        hardlink("etc/passwd-", "etc/passwd"), hardlink("etc/passwd2", "etc/passwd"),
                        symlink("etc/abs", "/etc/passwd"), symlink("etc/up", "../../../../outside")),
                layer(Compression.GZIP,
                        whiteout("etc", "passwd"),
                        file("long/" + "d".repeat(120) + "/" + "f".repeat(120), 0644, "long path")));
    }

    private TestImages() {}
}
