package io.carti.cli.command.oci;

import io.carti.cli.Console;
import io.carti.cli.Context;
import io.carti.core.CartiException;
import io.carti.core.cid.Cid;
import io.carti.core.drive.Ext2ImageBuilder;
import io.carti.core.drive.FileTree;
import io.carti.core.oci.LayerFlattener;
import io.carti.core.oci.OciImporter;
import io.carti.core.oci.Platform;
import io.carti.core.oci.Reference;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of an image import, shared by {@code oci import} and {@code machine add oci}. */
public final class ImportOptions {
    @Option(names = {"-n", "--name"}, paramLabel = "<name>", description = "Bundle name (default: the image's repository or file name).")
    public String name;

    @Option(names = {"-v", "--version"}, paramLabel = "<version>", description = "Bundle version (default: the image tag, else 1.0.0).")
    public String version;

    @Option(names = "--platform", paramLabel = "<os/arch>", defaultValue = "linux/riscv64",
            description = "Platform to pick from a multi-platform image (default: ${DEFAULT-VALUE}).")
    public String platform;

    @Option(names = "--runtime-bundle",
            description = "Lay the drive out as an OCI runtime bundle (config.json + rootfs/) for an OCI runtime inside the machine.")
    public boolean runtimeBundle;

    @Option(names = "--plain-http", description = "Talk http, not https, to the registry (always so for localhost; "
            + "hosts listed in CARTI_OCI_PLAIN_HTTP too).")
    public boolean plainHttp;

    @Option(names = "--engine", paramLabel = "builtin|host|emulator", defaultValue = "builtin",
            description = "What writes the ext2 image: carti's own writer (default; hashes the image as it writes it), genext2fs on this host, "
                    + "or genext2fs inside the Cartesi machine emulator (needs cartesi-machine on PATH).")
    public String engine;

    @Option(names = "--max-size", paramLabel = "<bytes>", description = "Refuse images whose layers expand to more than this (default: 8 GiB).")
    public Long maxSize;

    /** Imports {@code source} into the local store, with status lines; the result names the new bundle. */
    public OciImporter.Result run(Context ctx, String source) {
        Console console = ctx.console();
        String bundleName = name != null ? name : defaultName(source);
        boolean remote = !java.nio.file.Files.exists(ctx.env().resolve(source.replaceFirst(":[^:/]*$", ""))) && Reference.looksLikeReference(source);
        if (remote && ctx.options().offline) {
            throw new CartiException(CartiException.Kind.NETWORK, "pulling " + source + " needs the network and --offline is set");
        }
        console.status("Importing " + source + (runtimeBundle ? " as an OCI runtime bundle" : ""));
        Ext2ImageBuilder builder = new Ext2ImageBuilder(ctx.env().getenv("PATH"), Ext2ImageBuilder.Engine.parse(engine));
        OciImporter importer = new OciImporter(ctx.layout(), new OciImporter.DriveWriter() {
            @Override public void write(FileTree tree, Path out) { builder.build(tree, out, null); }

            @Override public Cid writeAndHash(FileTree tree, Path out) { return builder.buildHashed(tree, out); }

            @Override public void prepare() { builder.requireTool(); } // no version probes: the metadata records none
        });
        return importer.importImage(new OciImporter.Request(source, bundleName, version, Platform.parse(platform), runtimeBundle, plainHttp,
                maxSize != null ? maxSize : LayerFlattener.DEFAULT_MAX_BYTES));
    }

    /** {@code ghcr.io/me/app:1} → app; {@code ./out/app.tar} → app; {@code ./layout:tag} → layout. */
    static String defaultName(String source) {
        java.util.regex.Matcher tarball = java.util.regex.Pattern.compile("(.*?)\\.(tar|tar\\.gz|tgz)(:.*)?").matcher(source);
        String s = tarball.matches() ? tarball.group(1) : source.replaceFirst("^oci://", "").replaceFirst("@.*$", "");
        s = s.replaceAll("/+$", "");
        s = s.substring(s.lastIndexOf('/') + 1);
        s = s.replaceFirst(":[^:]*$", "").replaceFirst("\\.(tar|tar\\.gz|tgz)$", "");
        if (s.isEmpty() || s.equals(".") || s.equals("..")) throw new CartiException(CartiException.Kind.INVALID_INPUT, "cannot derive a bundle name from '" + source + "'; give one with --name");
        return s;
    }
}
