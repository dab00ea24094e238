package io.carti.cli.command.machine;

import io.carti.cli.BaseCommand;
import io.carti.core.CartiException;

/**
 * Base of the machine leaf commands. A package or rule check can fail in several places at once; those errors
 * carry one problem per line, and each line is printed as its own {@code error:} line.
 */
abstract class MachineLeafCommand extends BaseCommand {
    @Override protected final int run() throws Exception {
        try {
            return execute();
        } catch (CartiException e) {
            String msg = e.getMessage();
            if (msg == null || msg.indexOf('\n') < 0) throw e;
            for (String line : msg.split("\n")) console().error(line);
            return 1;
        }
    }

    protected abstract int execute() throws Exception;
}
