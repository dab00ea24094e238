package io.carti.cli.command;

import io.carti.cli.BaseCommand;
import picocli.CommandLine.Command;

@Command(name = "docker", description = "Show how to run the machine described here with the cartesi/playground Docker image.")
public final class DockerCommand extends BaseCommand {
    /** Upstream's text byte for byte (a template literal printed with console.log, hence the blank last line). */
    static final String INSTRUCTIONS = "\n"
            + "# To run the machine with docker pull the cartesi/playground image\n"
            + "\n"
            + "# Run machine build\n"
            + "# if all bundles for the machine are installed\n"
            + "\n"
            + "carti machine build --runscript\n"
            + "\n"
            + "# run docker\n"
            + "\n"
            + "\n"
            + "docker run -e USER=$(id -u -n) -e UID=$(id -u)  -e GID=$(id -g) -e GROUP=$(id -g -n) \\\n"
            + "-v$(pwd):/opt/carti -v $(pwd)/carti_build/bundles:/opt/carti/packages \\\n"
            + "-it cartesi/playground /bin/bash\n"
            + "\n"
            + "\n"
            + "# In the container \n"
            + "cd /opt/carti; luapp5.3 run-config.lua machine-config\n"
            + "\n";

    @Override protected int run() {
        console().out().print(INSTRUCTIONS);
        return 0;
    }
}
