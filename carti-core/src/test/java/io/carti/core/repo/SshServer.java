package io.carti.core.repo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server ({@code /usr/sbin/sshd}, Debian openssh-server) on a free port of 127.0.0.1, for the
 * current user, with a generated host key and one generated client key in its authorized keys. It serves
 * whatever the user's shell can run, so {@code git-upload-pack} makes any local repository reachable as
 * {@code ssh://<user>@127.0.0.1:<port>/<path>}. {@link #gitSshCommand()} is the client side: that key, and a
 * known_hosts file holding only this server's host key (strict checking, no prompts, no ~/.ssh involved).
 */
public final class SshServer implements AutoCloseable {
    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private final Path dir;
    private final int port;
    private final Process process;

    public SshServer(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(SSHD)) throw new IllegalStateException("this test needs sshd: apt-get install openssh-server (scripts/install-test-deps)");
        this.dir = dir;
        Files.createDirectories(dir);
        keygen("host_key");
        keygen("client_key");
        keygen("stranger_key");
        Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        try (ServerSocket s = new ServerSocket(0)) { port = s.getLocalPort(); }
        Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + port + " " + publicKey("host_key") + "\n");
        Files.write(dir.resolve("sshd_config"), List.of(
                "Port " + port, "ListenAddress 127.0.0.1", "HostKey " + dir.resolve("host_key"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"), "PidFile " + dir.resolve("sshd.pid"),
                "StrictModes no", "UsePAM no", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes", "PermitRootLogin prohibit-password"));
        // sshd started as root insists on its privilege separation directory, which only systemd or the init script create
        if ("root".equals(System.getProperty("user.name"))) Files.createDirectories(Path.of("/run/sshd"));
        process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    close();
                    throw new IllegalStateException("sshd did not start: " + Files.readString(dir.resolve("sshd.log")));
                }
                Thread.sleep(50);
            }
        }
    }

    private void keygen(String name) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", dir.resolve(name).toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("ssh-keygen failed: " + out);
    }

    private String publicKey(String name) throws IOException {
        String[] f = Files.readString(dir.resolve(name + ".pub")).trim().split(" ");
        return f[0] + " " + f[1];
    }

    public int port() { return port; }

    /** {@code ssh://<user>@127.0.0.1:<port><absolute path>}. */
    public String url(Path repo) {
        return "ssh://" + System.getProperty("user.name") + "@127.0.0.1:" + port + repo.toAbsolutePath();
    }

    /** A GIT_SSH_COMMAND that logs in with the authorized key and trusts only this server's host key. */
    public String gitSshCommand() { return command("client_key"); }

    /** The same with a key the server does not know. */
    public String strangerSshCommand() { return command("stranger_key"); }

    private String command(String key) {
        return "ssh -F /dev/null -i " + dir.resolve(key) + " -o IdentitiesOnly=yes -o BatchMode=yes"
                + " -o StrictHostKeyChecking=yes -o UserKnownHostsFile=" + dir.resolve("known_hosts");
    }

    @Override public void close() { GitFixture.stop(process); }
}
