package io.carti.cli.command;

import io.carti.cli.BaseCommand;
import io.carti.core.CartiException;
import picocli.CommandLine.Command;

// Placeholder: registered in Main; the team member who owns this command replaces this file.
@Command(name = "logout", hidden = true, description = "Remove stored credentials for an OCI registry.")
public final class LogoutCommand extends BaseCommand {
    @Override protected int run() {
        throw new CartiException("'carti logout' is not available in this build yet");
    }
}
