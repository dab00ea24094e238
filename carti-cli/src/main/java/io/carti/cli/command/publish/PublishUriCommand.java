package io.carti.cli.command.publish;

import io.carti.cli.BaseCommand;
import io.carti.core.bundle.Bundle;
import io.carti.core.publish.Publisher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "uri", sortOptions = false,
        description = {"List a bundle in ./bundles.json with a uri where it is already served (nothing is uploaded): "
                + "an http(s) URL, an s3://bucket/key uri, or a path <store>/<cid>/<fileName>.",
                "Publishing the same bundle again with another uri updates its entry."},
        footerHeading = "%nExamples:%n",
        footer = {"  carti publish uri -y dapp-data https://github.com/me/dapp/releases/download/v1/dapp-data.ext2",
                "  carti publish uri -y dapp-data s3://my-bundles/baenrwic6y...dt3m --commit"})
public final class PublishUriCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "<bundle>", description = "Name of a bundle in the local store.")
    String name;

    @Parameters(index = "1", paramLabel = "<uri>", description = "Where the bundle's bytes can be downloaded.")
    String uri;

    @Mixin PublishOptions common;

    @Override protected int run() {
        Publisher publisher = new Publisher(layout());
        Bundle bundle = PublishFlow.choose(publisher, console(), name, common.yes);
        Publisher.Result r = publisher.publishUri(bundle, uri, common.commit);
        PublishFlow.report(console(), r, "uri:" + uri, common);
        return 0;
    }
}
