package io.carti.core.repo;

import io.carti.core.CartiEnv;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RemoteSession;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.FS;

/**
 * ssh git URLs ({@code ssh://[user@]host[:port]/path}, {@code [user@]host:path}) through the system's ssh client,
 * as git itself runs it: the user's keys, agent, {@code ~/.ssh/config} and known_hosts apply, and carti ships no
 * ssh library (JGit's own ssh transports are not on the class path). The command is chosen like git's:
 * <ol>
 *   <li>{@code GIT_SSH_COMMAND}: a shell command line, run as {@code sh -c '<it> "$@"'} with the ssh arguments
 *       appended (so {@code GIT_SSH_COMMAND="ssh -i ~/.ssh/deploy_key -o IdentitiesOnly=yes"} works as in git);</li>
 *   <li>{@code GIT_SSH}: a program, run with the ssh arguments;</li>
 *   <li>{@code ssh -o BatchMode=yes}: never prompts (a missing key or an unknown host key is an error, not a hang).</li>
 * </ol>
 * The arguments are git's: {@code [-p <port>] [<user>@]<host> "git-upload-pack '<path>'"}.
 */
final class SystemSsh extends SshSessionFactory {
    private final CartiEnv env;

    SystemSsh(CartiEnv env) { this.env = env; }

    /** The command line for running {@code remoteCommand} on {@code uri}'s host. */
    List<String> command(URIish uri, String remoteCommand) {
        List<String> args = new ArrayList<>();
        if (uri.getPort() > 0) args.addAll(List.of("-p", Integer.toString(uri.getPort())));
        args.add(uri.getUser() != null ? uri.getUser() + "@" + uri.getHost() : uri.getHost());
        args.add(remoteCommand);
        List<String> cmd = new ArrayList<>();
        String sshCommand = env.getenv("GIT_SSH_COMMAND");
        String sshProgram = env.getenv("GIT_SSH");
        if (sshCommand != null && !sshCommand.isBlank()) {
            cmd.addAll(List.of("sh", "-c", sshCommand + " \"$@\"", sshCommand));
        } else if (sshProgram != null && !sshProgram.isBlank()) {
            cmd.add(sshProgram);
        } else {
            cmd.addAll(List.of("ssh", "-o", "BatchMode=yes"));
        }
        cmd.addAll(args);
        return cmd;
    }

    @Override public RemoteSession getSession(URIish uri, CredentialsProvider credentials, FS fs, int tms) {
        return new RemoteSession() {
            @Override public Process exec(String remoteCommand, int timeout) throws IOException {
                // JGit reads its stderr into the error message
                return new ExitWaitingProcess(new ProcessBuilder(command(uri, remoteCommand)).start());
            }

            @Override public void disconnect() { /* each exec is its own ssh process */ }
        };
    }

    @Override public String getType() { return "system-ssh"; }

    /**
     * JGit reacts to the remote end hanging up (ssh refused the key, the repository is missing) by reading what ssh
     * printed on stderr and asking for its exit status, both at once. Neither is ready yet at that moment: ssh may
     * still be exiting (a plain {@link Process} then throws IllegalThreadStateException), and JGit's own thread may
     * not have copied stderr yet (the error then says "Short read of block" instead of "Permission denied"). So
     * the end of stdout is reported only after stderr has been read to its end, and the exit status waits (briefly)
     * for the exit.
     */
    private static final class ExitWaitingProcess extends Process {
        private final Process p;
        private final CountDownLatch stderrDone = new CountDownLatch(1);
        private final InputStream stdout;
        private final InputStream stderr;

        ExitWaitingProcess(Process p) {
            this.p = p;
            this.stderr = new FilterInputStream(p.getErrorStream()) {
                @Override public int read() throws IOException { return atEnd(super.read()); }

                @Override public int read(byte[] b, int off, int len) throws IOException { return atEnd(super.read(b, off, len)); }

                private int atEnd(int n) {
                    if (n < 0) stderrDone.countDown();
                    return n;
                }
            };
            this.stdout = new FilterInputStream(p.getInputStream()) {
                @Override public int read() throws IOException { return atEnd(super.read()); }

                @Override public int read(byte[] b, int off, int len) throws IOException { return atEnd(super.read(b, off, len)); }

                private int atEnd(int n) throws IOException {
                    if (n < 0) {
                        try {
                            stderrDone.await(5, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new InterruptedIOException("interrupted while reading the ssh error output");
                        }
                    }
                    return n;
                }
            };
        }

        @Override public OutputStream getOutputStream() { return p.getOutputStream(); }

        @Override public InputStream getInputStream() { return stdout; }

        @Override public InputStream getErrorStream() { return stderr; }

        @Override public int waitFor() throws InterruptedException { return p.waitFor(); }

        @Override public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
            return p.waitFor(timeout, unit);
        }

        @Override public int exitValue() {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return p.exitValue();
        }

        @Override public void destroy() { p.destroy(); }

        @Override public Process destroyForcibly() { return p.destroyForcibly(); }

        @Override public boolean isAlive() { return p.isAlive(); }

        @Override public long pid() { return p.pid(); }
    }
}
