package io.carti.cli.command;

import io.carti.cli.BaseCommand;
import picocli.CommandLine.Command;

@Command(name = "docker", description = "Show how to run the machine described here with the cartesi/playground Docker image.")
public final class DockerCommand extends BaseCommand {
    @Override protected int run() {
        console().out().print("\n"
                + "# To run the machine with docker pull the cartesi/playground image\n"
                + "carti machine build --runscript\n"
                + "docker run -e USER=$(id -u -n) -e UID=$(id -u)  -e GID=$(id -g) -e GROUP=$(id -g -n) \\\n"
                + "-v$(pwd):/opt/carti -v $(pwd)/carti_build/bundles:/opt/carti/packages \\\n"
                + "-it cartesi/playground /bin/bash\n"
                + "# In the container\n"
                + "cd /opt/carti; luapp5.3 run-config.lua machine-config\n");
        return 0;
    }
}
