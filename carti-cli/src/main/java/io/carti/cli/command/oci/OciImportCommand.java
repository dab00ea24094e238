package io.carti.cli.command.oci;

import io.carti.cli.BaseCommand;
import io.carti.core.oci.OciImporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "import", sortOptions = false,
        description = {"Turn a container image into a deterministic ext2 flash-drive bundle in the local store ./carti_bundles.",
                "<source> is a 'docker save' tarball (legacy or OCI flavour), an OCI image layout directory (either may end "
                        + "in :<tag>), or a registry reference host[:port]/repo[:tag|@digest]. The layers are applied in order "
                        + "(gzip, zstd or plain; whiteouts; hard links; symlinks never followed; escapes refused) and every digest "
                        + "is checked. The image config (entrypoint, cmd, env, working dir, user) is kept in the bundle's carti-meta.json."},
        footerHeading = "%nExamples:%n",
        footer = {"  docker save my-dapp:latest -o my-dapp.tar && carti oci import my-dapp.tar --name my-dapp",
                "  carti oci import ./layout:v1 --name tools --version 1.0.0",
                "  carti oci import ghcr.io/me/dapp:1.2.0 --platform linux/riscv64",
                "  carti oci import localhost:5000/dapp:dev --name dapp --runtime-bundle"})
public final class OciImportCommand extends BaseCommand {
    @Parameters(paramLabel = "<source>", description = "docker-save tarball, OCI layout directory, or registry reference.")
    String source;

    @Mixin ImportOptions options;

    @Override protected int run() {
        OciImporter.Result r = options.run(ctx(), source);
        if (r.image().manifestDigest() != null) console().status("image " + r.image().manifestDigest() + ", " + r.image().layers().size() + " layers");
        console().status("drive " + r.storedFile().getFileName() + ": " + r.size() + " bytes");
        console().println("bundled: " + r.bundle().name() + " as " + r.bundle().id());
        return 0;
    }
}
