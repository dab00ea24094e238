package io.carti.core.repo;

import io.carti.core.CartiEnv;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
     * JGit asks for the exit status as soon as the remote end hangs up (to tell "Permission denied" from a protocol
     * error), which can be before the ssh process has exited; a plain {@link Process} then throws
     * IllegalThreadStateException instead of answering. This one waits (briefly) for the exit.
     */
    private static final class ExitWaitingProcess extends Process {
        private final Process p;

        ExitWaitingProcess(Process p) { this.p = p; }

        @Override public java.io.OutputStream getOutputStream() { return p.getOutputStream(); }

        @Override public java.io.InputStream getInputStream() { return p.getInputStream(); }

        @Override public java.io.InputStream getErrorStream() { return p.getErrorStream(); }

        @Override public int waitFor() throws InterruptedException { return p.waitFor(); }

        @Override public boolean waitFor(long timeout, java.util.concurrent.TimeUnit unit) throws InterruptedException {
            return p.waitFor(timeout, unit);
        }

        @Override public int exitValue() {
            try {
                p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
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
