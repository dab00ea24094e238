package io.carti.cli.command.publish;

import io.carti.cli.BaseCommand;
import io.carti.cli.Console;
import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.publish.ProgressListener;
import io.carti.core.publish.Publisher;
import io.carti.core.transport.s3.S3Settings;
import io.carti.core.transport.s3.S3Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "s3", sortOptions = false,
        description = {"Upload a bundle to an S3 bucket (AWS, or an S3-compatible store such as MinIO, Ceph or s3proxy) as the "
                + "object <prefix><cid>, and list it in ./bundles.json.",
                "The listing records <uri> if given (e.g. the object's public https URL), else s3://<bucket>/<prefix><cid>, "
                        + "which 'carti install' fetches with a signed GET.",
                "Credentials and region come from the AWS default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, "
                        + "~/.aws, instance roles); the endpoint from --endpoint, AWS_ENDPOINT_URL or <carti home>/s3.json. "
                        + "An object that already holds the same bytes is not uploaded again unless --force."},
        footerHeading = "%nExamples:%n",
        footer = {"  carti publish s3 -y dapp-data --bucket my-bundles",
                "  carti publish s3 -y dapp-data https://my-bundles.s3.amazonaws.com/<cid> --bucket my-bundles",
                "  AWS_ENDPOINT_URL=http://127.0.0.1:9000 carti publish s3 -y dapp-data --bucket team --commit   # MinIO",
                "  carti publish s3 -y dapp-data --bucket b --endpoint https://ceph.example:7480 --region default --path-style"})
public final class PublishS3Command extends BaseCommand {
    @Parameters(index = "0", paramLabel = "<bundle>", description = "Name of a bundle in the local store.")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "<uri>",
            description = "The uri to record in ./bundles.json (default: s3://<bucket>/<prefix><cid>).")
    String uri;

    @Option(names = "--bucket", required = true, paramLabel = "<bucket>", description = "The bucket to upload to (must exist).")
    String bucket;

    @Option(names = "--prefix", paramLabel = "<prefix>", defaultValue = "", description = "Key prefix, e.g. bundles/ (default: none).")
    String prefix;

    @Option(names = "--endpoint", paramLabel = "<url>", description = "S3 API endpoint of an S3-compatible store (default: AWS_ENDPOINT_URL, s3.json, else AWS).")
    String endpoint;

    @Option(names = "--region", paramLabel = "<region>", description = "Region (default: AWS_REGION, ~/.aws/config, else us-east-1).")
    String region;

    @Option(names = "--path-style", arity = "0..1", paramLabel = "<bool>", fallbackValue = "true",
            description = "Path-style addressing (host/bucket/key); the default with a custom endpoint. --path-style=false for virtual hosts.")
    Boolean pathStyle;

    @Option(names = "--profile", paramLabel = "<name>", description = "AWS profile of ~/.aws/credentials (default: AWS_PROFILE or default).")
    String profile;

    @Option(names = "--force", description = "Upload even when the object already holds the same bytes.")
    boolean force;

    @Option(names = "--nosave", description = "Do not upload; only list the bundle with its uri in ./bundles.json.")
    boolean nosave;

    @Mixin PublishOptions common;

    @Override protected int run() {
        if (ctx().options().offline && !nosave) {
            throw new CartiException(CartiException.Kind.NETWORK, "publish s3 uploads over the network and --offline is set "
                    + "(--nosave only updates ./bundles.json)");
        }
        Publisher publisher = new Publisher(layout());
        Bundle bundle = PublishFlow.choose(publisher, console(), name, common.yes);
        S3Settings settings = S3Settings.resolve(ctx().env().variables(), layout().cartiHome(), bucket)
                .withEndpoint(endpoint).withRegion(region).withPathStyle(pathStyle).withProfile(profile);
        S3Target target = new S3Target(settings, bucket, prefix);
        Publisher.Result r = publisher.publish(bundle, target, new Publisher.Options(uri, !nosave, force, common.commit),
                progress(console(), target.uriFor(bundle)));
        PublishFlow.report(console(), r, target.where(), common);
        return 0;
    }

    private static ProgressListener progress(Console console, String destination) {
        return new ProgressListener() {
            @Override public void started(String what, long totalBytes) {
                console.status("Uploading " + what + " (" + totalBytes + " bytes) to " + destination);
            }
        };
    }
}
