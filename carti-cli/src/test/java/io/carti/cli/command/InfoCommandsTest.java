package io.carti.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.carti.cli.CliHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** §3.14: {@code docker} and {@code defaults} print upstream's fixed text on stdout, byte for byte, and touch nothing. */
class InfoCommandsTest {
    @TempDir Path proj;
    @TempDir Path home;

    /**
     * Upstream's docker.ts: a template literal (leading newline, blank lines, "# In the container " with its
     * trailing space, a final newline) printed with console.log, which adds one more newline.
     */
    @Test void dockerPrintsUpstreamsInstructions() {
        String expected = """

                # To run the machine with docker pull the cartesi/playground image

                # Run machine build
                # if all bundles for the machine are installed

                carti machine build --runscript

                # run docker


                docker run -e USER=$(id -u -n) -e UID=$(id -u)  -e GID=$(id -g) -e GROUP=$(id -g -n) \\
                -v$(pwd):/opt/carti -v $(pwd)/carti_build/bundles:/opt/carti/packages \\
                -it cartesi/playground /bin/bash


                # In the container\s
                cd /opt/carti; luapp5.3 run-config.lua machine-config

                """;
        CliHarness.Result r = new CliHarness(proj, home).run("docker");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo(expected);
        assertThat(proj.toFile().list()).isEmpty();
        assertThat(home.toFile().list()).isEmpty();
    }

    /** §3.14 banner: three empty lines (console.log("\n\n")), the four lines, three empty lines. */
    @Test void defaultsPrintsTheBannerOnStdoutOnce() {
        CliHarness.Result r = new CliHarness(proj, home).run("defaults");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("\n\n\nDon't forget to add the default repo!\n"
                + "carti repo add https://github.com/createdreamtech/carti-default\n"
                + "For super ease add the defaults to global\n"
                + "carti machine install -g https://raw.githubusercontent.com/createdreamtech/carti-default/main/carti-machine-package.json --nobundle --nobuild\n"
                + "\n\n\n");
        assertThat(home.toFile().list()).isEmpty();
    }
}
