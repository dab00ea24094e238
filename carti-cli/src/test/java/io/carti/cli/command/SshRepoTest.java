package io.carti.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.carti.cli.CliHarness;
import io.carti.core.repo.GitFixture;
import io.carti.core.repo.SshServer;
import io.carti.core.testing.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A listing in a git repository served by a real sshd on 127.0.0.1, reached through the system ssh client. */
class SshRepoTest {
    static final String ROM = "baenrwigfd3thblxcse7nvzwsebphtfre5nsmfl3wymz5n3jgi3aqwhsocy";

    @TempDir Path proj;
    @TempDir Path home;
    @TempDir Path work;

    @Test void aRepoAddedOverSshListsAndInstallsItsBundles() throws Exception {
        String listing = "{\"bundles\":[{\"bundleType\":\"rom\",\"name\":\"rom\",\"fileName\":\"rom.bin\",\"id\":\"" + ROM
                + "\",\"version\":\"1.0.0\",\"uri\":\"" + Fixtures.path("rom.bin") + "\"}]}";
        Path bare = GitFixture.bareClone(GitFixture.repo(work.resolve("src"), listing), work.resolve("srv").resolve("listing.git"));
        try (SshServer sshd = new SshServer(work.resolve("sshd"))) {
            String url = sshd.url(bare);
            CliHarness carti = new CliHarness(proj, home).env("GIT_SSH_COMMAND", sshd.gitSshCommand());

            CliHarness.Result add = carti.run("repo", "add", url);
            assertThat(add.exit()).as(add.toString()).isZero();
            assertThat(add.err()).contains("fetching " + url);

            CliHarness.Result list = carti.run("repo", "list");
            assertThat(list.out()).contains(url);

            CliHarness.Result install = carti.run("install", "-y", "rom");
            assertThat(install.exit()).as(install.toString()).isZero();
            assertThat(proj.resolve("carti_bundles").resolve(ROM).resolve("rom.bin")).hasContent("fakerom");

            CliHarness.Result refused = new CliHarness(work.resolve("other"), work.resolve("otherhome"))
                    .env("GIT_SSH_COMMAND", sshd.strangerSshCommand()).run("repo", "add", url);
            assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.err()).contains("error: ", "Permission denied (publickey)");
        }
    }
}
