package io.carti.cli.command.publish;

import io.carti.cli.BaseCommand;
import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.oci.ImageSources;
import io.carti.core.oci.OciPublishTarget;
import io.carti.core.oci.Reference;
import io.carti.core.oci.RegistryClient;
import io.carti.core.publish.ProgressListener;
import io.carti.core.publish.Publisher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "oci", sortOptions = false,
        description = {"Push a bundle to an OCI registry as an artifact (ORAS conventions: artifactType "
                + "application/vnd.cartesi.<type>.v1, empty config, one raw layer titled with the file name, annotations "
                + "for name, version and CID) and list it in ./bundles.json as oci://<registry>/<repo>@sha256:<digest>.",
                "'carti install' and 'carti get' fetch such uris and check both the OCI digest and the CID. Credentials come from "
                        + "'carti login' or ~/.docker/config.json; localhost registries speak plain http. Installs from another plain-http "
                        + "registry need its host[:port] in CARTI_OCI_PLAIN_HTTP (comma-separated)."},
        footerHeading = "%nExamples:%n",
        footer = {"  carti publish oci -y dapp-data ghcr.io/me/dapp-data:1.0.0",
                "  carti publish oci -y dapp-data localhost:5000/bundles/dapp-data:1.0.0 --commit",
                "  carti publish oci -y dapp-data registry.lan:5000/dapp-data --plain-http"})
public final class PublishOciCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "<bundle>", description = "Name of a bundle in the local store.")
    String name;

    @Parameters(index = "1", paramLabel = "<registry/repo[:tag]>", description = "Where to push, e.g. ghcr.io/me/dapp-data:1.0.0 (default tag: the bundle's version).")
    String target;

    @Option(names = "--plain-http", description = "Talk http, not https, to the registry (always so for localhost).")
    boolean plainHttp;

    @Option(names = "--force", description = "Upload the file even when the registry already has it.")
    boolean force;

    @Option(names = "--nosave", description = "Do not push; only list the bundle with its oci:// uri in ./bundles.json.")
    boolean nosave;

    @Mixin PublishOptions common;

    @Override protected int run() {
        if (ctx().options().offline && !nosave) {
            throw new CartiException(CartiException.Kind.NETWORK, "publish oci pushes over the network and --offline is set");
        }
        Publisher publisher = new Publisher(layout());
        Bundle bundle = PublishFlow.choose(publisher, console(), name, common.yes);
        Reference ref = Reference.parse(target);
        if (ref.digest() != null) throw new CartiException(CartiException.Kind.INVALID_INPUT, "push to a tag, not a digest: " + target);
        if (!target.contains(":") || target.lastIndexOf(':') < target.lastIndexOf('/')) {
            String tag = bundle.version() != null && bundle.version().matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}") ? bundle.version() : "latest";
            ref = new Reference(ref.registry(), ref.repository(), tag, null);
        }
        RegistryClient client = ImageSources.client(ref.registry(), ctx().env(), plainHttp);
        OciPublishTarget oci = new OciPublishTarget(client, ref, publisher::localFile);
        Publisher.Result r = publisher.publish(bundle, oci, new Publisher.Options(null, !nosave, force, common.commit), new ProgressListener() {
            @Override public void started(String what, long totalBytes) {
                console().status("Pushing " + what + " (" + totalBytes + " bytes) to " + client.host());
            }
        });
        if (oci.pushed() != null) console().status("digest: " + oci.pushed().manifestDigest());
        PublishFlow.report(console(), r, oci.where(), common);
        return 0;
    }
}
