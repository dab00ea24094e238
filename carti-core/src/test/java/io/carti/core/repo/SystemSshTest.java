package io.carti.core.repo;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carti.core.CartiEnv;
import io.carti.core.CartiException;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ssh command line, chosen like git's (the end-to-end run against a real sshd is SshRepoTest in carti-cli). */
class SystemSshTest {
    static SystemSsh ssh(Map<String, String> vars) { return new SystemSsh(CartiEnv.of(Path.of("/p"), Path.of("/h"), vars)); }

    @Test void plainSshNeverPrompts() throws Exception {
        assertThat(ssh(Map.of()).command(new URIish("ssh://git@example.com:2222/srv/l.git"), "git-upload-pack '/srv/l.git'"))
                .containsExactly("ssh", "-o", "BatchMode=yes", "-p", "2222", "git@example.com", "git-upload-pack '/srv/l.git'");
    }

    @Test void gitSshCommandRunsThroughTheShellWithTheArgumentsAppended() throws Exception {
        String c = "ssh -i ~/.ssh/deploy -o IdentitiesOnly=yes";
        assertThat(ssh(Map.of("GIT_SSH_COMMAND", c, "GIT_SSH", "/ignored")).command(new URIish("me@host:l.git"), "git-upload-pack 'l.git'"))
                .containsExactly("sh", "-c", c + " \"$@\"", c, "me@host", "git-upload-pack 'l.git'");
    }

    @Test void gitSshIsAProgram() throws Exception {
        assertThat(ssh(Map.of("GIT_SSH", "/usr/bin/my-ssh")).command(new URIish("ssh://host/l.git"), "git-upload-pack '/l.git'"))
                .containsExactly("/usr/bin/my-ssh", "host", "git-upload-pack '/l.git'");
    }

    /**
     * ssh closes its stdout first and prints why a moment later (here on purpose, on a loaded machine by chance):
     * the error must still carry ssh's words, not JGit's "Short read of block".
     */
    @Test void sshsOwnWordsReachTheErrorEvenWhenTheyComeAfterTheHangUp(@TempDir Path tmp) {
        String lateRefusal = "exec 1>&-; sleep 0.5; echo 'git@host: Permission denied (publickey).' >&2; exit 255; :";
        GitListingFetcher fetcher = new GitListingFetcher(tmp, CartiEnv.of(tmp, tmp, Map.of("GIT_SSH_COMMAND", lateRefusal)));
        assertThatThrownBy(() -> fetcher.fetch("ssh://git@host/l.git", null, "ssh://git@host/l.git"))
                .isInstanceOf(CartiException.class)
                .hasMessageContaining("cannot fetch repo ssh://git@host/l.git")
                .hasMessageContaining("Permission denied (publickey)");
    }
}
