package io.carti.cli.command;

import io.carti.cli.BaseCommand;
import io.carti.cli.Main;
import picocli.CommandLine.Command;

@Command(name = "version", description = "Print carti's version.")
public final class VersionCommand extends BaseCommand {
    @Override protected int run() {
        console().println(Main.VERSION);
        return 0;
    }
}
