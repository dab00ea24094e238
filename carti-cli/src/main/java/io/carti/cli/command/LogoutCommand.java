package io.carti.cli.command;

import io.carti.cli.BaseCommand;
import io.carti.core.CartiException;
import io.carti.core.oci.RegistryCredentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "logout", sortOptions = false,
        description = "Remove the credentials 'carti login' stored for a registry (~/.docker/config.json is not touched).",
        footerHeading = "%nExamples:%n",
        footer = {"  carti logout ghcr.io", "  carti logout localhost:5000"})
public final class LogoutCommand extends BaseCommand {
    @Parameters(paramLabel = "<registry>", description = "Registry host[:port].")
    String registry;

    @Override protected int run() {
        String host = LoginCommand.normalizeHost(registry);
        RegistryCredentials store = new RegistryCredentials(ctx().env());
        if (!store.remove(host)) throw new CartiException(CartiException.Kind.NOT_FOUND, "not logged in to " + host + " (nothing in " + store.cartiFile() + ")");
        console().println("logged out of " + host);
        return 0;
    }
}
