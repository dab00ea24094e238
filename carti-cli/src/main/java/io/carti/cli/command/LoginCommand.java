package io.carti.cli.command;

import io.carti.cli.BaseCommand;
import io.carti.core.CartiException;
import io.carti.core.oci.Credential;
import io.carti.core.oci.RegistryClient;
import io.carti.core.oci.RegistryCredentials;
import java.io.IOException;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "login", sortOptions = false,
        description = {"Check and store credentials for an OCI registry (used by 'oci import', 'publish oci' and oci:// installs).",
                "They are saved in <carti home>/auth.json (mode 0600, Docker's 'auths' format) and take precedence over "
                        + "~/.docker/config.json (auths, credHelpers, credsStore), which carti also reads."},
        footerHeading = "%nExamples:%n",
        footer = {"  echo \"$GITHUB_TOKEN\" | carti login ghcr.io -u me --password-stdin",
                "  carti login localhost:5000 -u alice -p s3cret",
                "  carti login registry.lan:5000 -u ci --password-stdin --plain-http < token.txt"})
public final class LoginCommand extends BaseCommand {
    @Parameters(paramLabel = "<registry>", description = "Registry host[:port], e.g. ghcr.io or localhost:5000.")
    String registry;

    @Option(names = {"-u", "--username"}, required = true, paramLabel = "<user>", description = "User name.")
    String username;

    @Option(names = {"-p", "--password"}, paramLabel = "<password>", description = "Password or token (visible in the process list; prefer --password-stdin).")
    String password;

    @Option(names = "--password-stdin", description = "Read the password or token from the first line of stdin.")
    boolean passwordStdin;

    @Option(names = "--plain-http", description = "Talk http, not https, to the registry (always so for localhost).")
    boolean plainHttp;

    @Option(names = "--no-verify", description = "Store the credentials without checking them against the registry.")
    boolean noVerify;

    @Override protected int run() throws IOException {
        String host = normalizeHost(registry);
        String secret = password;
        if (passwordStdin) {
            if (password != null) throw new CartiException(CartiException.Kind.INVALID_INPUT, "--password and --password-stdin exclude each other");
            secret = console().in().readLine();
        } else if (secret == null && System.console() != null && console().interactive()) {
            char[] pw = System.console().readPassword("Password: ");
            secret = pw == null ? null : new String(pw);
        }
        if (secret == null || secret.isEmpty()) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, "no password for " + host + "; give one with --password-stdin or -p");
        }
        Credential c = new Credential(username, secret.strip());
        if (!noVerify) {
            if (ctx().options().offline) throw new CartiException(CartiException.Kind.NETWORK, "login checks the credentials online and --offline is set (use --no-verify)");
            new RegistryClient(host, plainHttp, Optional.of(c)).ping();
        }
        RegistryCredentials store = new RegistryCredentials(ctx().env());
        store.store(host, c);
        console().status("credentials saved in " + store.cartiFile());
        console().println("logged in to " + host + " as " + username);
        return 0;
    }

    /** Accepts what people paste: "https://ghcr.io/", "docker.io", "localhost:5000". */
    static String normalizeHost(String s) {
        String h = s.replaceFirst("^[a-zA-Z]+://", "");
        int slash = h.indexOf('/');
        if (slash >= 0) h = h.substring(0, slash);
        if (h.isEmpty()) throw new CartiException(CartiException.Kind.INVALID_INPUT, "invalid registry '" + s + "'");
        if (h.equals("docker.io") || h.equals("index.docker.io")) return io.carti.core.oci.Reference.DOCKER_HUB;
        return h;
    }
}
