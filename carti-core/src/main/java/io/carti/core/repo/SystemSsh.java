package io.carti.core.repo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.transport.RemoteSession;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.FS;

/**
 * ssh git URLs through the system's {@code ssh} client, like git itself does: the user's keys, agent,
 * {@code ~/.ssh/config} and known_hosts apply, and carti ships no ssh library. Installed only when no other
 * ssh implementation is on the class path.
 */
final class SystemSsh extends SshSessionFactory {

    static void installIfNoneConfigured() {
        if (SshSessionFactory.getInstance() == null) SshSessionFactory.setInstance(new SystemSsh());
    }

    @Override public RemoteSession getSession(URIish uri, org.eclipse.jgit.transport.CredentialsProvider credentials, FS fs, int tms) {
        return new RemoteSession() {
            @Override public Process exec(String command, int timeout) throws IOException {
                List<String> cmd = new ArrayList<>(List.of("ssh", "-o", "BatchMode=yes"));
                if (uri.getPort() > 0) cmd.addAll(List.of("-p", Integer.toString(uri.getPort())));
                cmd.add(uri.getUser() != null ? uri.getUser() + "@" + uri.getHost() : uri.getHost());
                cmd.add(command);
                return new ProcessBuilder(cmd).start();
            }

            @Override public void disconnect() { /* each exec is its own ssh process */ }
        };
    }

    @Override public String getType() { return "system-ssh"; }
}
