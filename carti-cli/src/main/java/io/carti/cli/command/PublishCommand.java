package io.carti.cli.command;

import io.carti.cli.BaseCommand;
import io.carti.core.CartiException;
import picocli.CommandLine.Command;

// Placeholder: registered in Main; the team member who owns this command replaces this file.
@Command(name = "publish", hidden = true, description = "Publish a bundle to S3, a directory or a uri, and record it in ./bundles.json.")
public final class PublishCommand extends BaseCommand {
    @Override protected int run() {
        throw new CartiException("'carti publish' is not available in this build yet");
    }
}
