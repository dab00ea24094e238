package io.carti.cli.command;

import io.carti.cli.BaseCommand;
import picocli.CommandLine.Command;

@Command(name = "defaults", description = "Show how to add the default repo and install the default machine bundles.")
public final class DefaultsCommand extends BaseCommand {
    /** Upstream's banner text, byte for byte. */
    public static final String BANNER = "\n\n\nDon't forget to add the default repo!\n"
            + "carti repo add https://github.com/createdreamtech/carti-default\n"
            + "For super ease add the defaults to global\n"
            + "carti machine install -g https://raw.githubusercontent.com/createdreamtech/carti-default/main/carti-machine-package.json --nobundle --nobuild\n"
            + "\n\n\n";

    @Override protected int run() {
        console().out().print(BANNER);
        return 0;
    }
}
