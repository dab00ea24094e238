package io.carti.cli.command;

import io.carti.cli.BaseCommand;
import io.carti.core.CartiException;
import picocli.CommandLine.Command;

// Placeholder: registered in Main; the team member who owns this command replaces this file.
@Command(name = "repo", hidden = true, description = "Manage the repos (bundles.json listings) carti installs from.")
public final class RepoCommand extends BaseCommand {
    @Override protected int run() {
        throw new CartiException("'carti repo' is not available in this build yet");
    }
}
