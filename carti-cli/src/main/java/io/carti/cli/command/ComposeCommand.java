package io.carti.cli.command;

import io.carti.cli.BaseCommand;
import io.carti.core.CartiException;
import picocli.CommandLine.Command;

// Placeholder: registered in Main; the team member who owns this command replaces this file.
@Command(name = "compose", hidden = true, description = "Compose several flash-drive bundles into one deterministic drive.")
public final class ComposeCommand extends BaseCommand {
    @Override protected int run() {
        throw new CartiException("'carti compose' is not available in this build yet");
    }
}
