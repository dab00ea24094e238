package io.carti.cli.command;

import io.carti.cli.BaseCommand;
import io.carti.core.CartiException;
import picocli.CommandLine.Command;

// Placeholder: registered in Main; the team member who owns this command replaces this file.
@Command(name = "hash", hidden = true, description = "Print the CID, sha256 and Cartesi Merkle root of a file or bundle.")
public final class HashCommand extends BaseCommand {
    @Override protected int run() {
        throw new CartiException("'carti hash' is not available in this build yet");
    }
}
