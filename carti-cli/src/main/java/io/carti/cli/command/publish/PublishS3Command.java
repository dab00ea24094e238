package io.carti.cli.command.publish;

import io.carti.cli.BaseCommand;
import io.carti.core.CartiException;
import picocli.CommandLine.Command;

// Temporary: the S3 upload lands next.
@Command(name = "s3", hidden = true, description = "Upload a bundle to an S3 bucket.")
public final class PublishS3Command extends BaseCommand {
    @Override protected int run() {
        throw new CartiException("'carti publish s3' is not available yet");
    }
}
