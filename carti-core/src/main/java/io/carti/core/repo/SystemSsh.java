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
                return new ProcessBuilder(command(uri, remoteCommand)).start(); // JGit reads its stderr into the error message
            }

            @Override public void disconnect() { /* each exec is its own ssh process */ }
        };
    }

    @Override public String getType() { return "system-ssh"; }
}
