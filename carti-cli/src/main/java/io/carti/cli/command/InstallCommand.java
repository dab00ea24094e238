package io.carti.cli.command;

import io.carti.cli.BaseCommand;
import io.carti.core.CartiException;
import picocli.CommandLine.Command;

// Placeholder: registered in Main; the team member who owns this command replaces this file.
@Command(name = "install", hidden = true, description = "Install a bundle from the added repos into the local (or global) store.")
public final class InstallCommand extends BaseCommand {
    @Override protected int run() {
        throw new CartiException("'carti install' is not available in this build yet");
    }
}
