package io.carti.core.repo;

import io.carti.core.CartiEnv;
import io.carti.core.CartiException;
import io.carti.core.store.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Reads {@code bundles.json} from a git repository through JGit: a shallow fetch (depth 1) of the wanted ref
 * into a bare cache repository under the carti home, then a read of the file from that commit's tree. Works
 * with every transport JGit has (https, git://, file:// and local paths, ssh through {@link SystemSsh}).
 */
public final class GitListingFetcher {
    private static final String TARGET = "refs/carti/listing";

    private final Path cacheRoot;
    private final TransportConfigCallback ssh;

    /** {@code env} picks the ssh command (GIT_SSH_COMMAND, GIT_SSH; see {@link SystemSsh}) for this run only. */
    public GitListingFetcher(Path cacheRoot, CartiEnv env) {
        this.cacheRoot = cacheRoot;
        SystemSsh factory = new SystemSsh(env);
        this.ssh = t -> {
            if (t instanceof SshTransport s) s.setSshSessionFactory(factory);
        };
    }

    /** The fetched listing text and the commit it came from. */
    public record Fetched(String text, String commit) {}

    public Fetched fetch(String url, String ref, String label) {
        Path dir = cacheRoot.resolve(CacheNames.of(url));
        // a fetch that fails (unreachable host, no such repo) leaves no empty cache repository behind: the
        // directories this call creates are removed again
        Path created = null;
        if (!Files.exists(dir)) {
            created = dir;
            while (created.getParent() != null && !Files.exists(created.getParent())) created = created.getParent();
        }
        boolean done = false;
        try (Git git = open(dir)) {
            Map<String, Ref> remote = Git.lsRemoteRepository().setRemote(url).setTransportConfigCallback(ssh).callAsMap();
            String src = pick(remote, ref);
            FetchCommand fetch = git.fetch().setRemote(url).setRemoveDeletedRefs(false).setTransportConfigCallback(ssh);
            ObjectId commit;
            if (src != null) {
                fetch.setRefSpecs(new RefSpec("+" + src + ":" + TARGET)).setDepth(1).call();
                commit = git.getRepository().resolve(TARGET);
            } else {
                // a commit id: fetch the branches and tags in full and look for it there
                fetch.setRefSpecs(new RefSpec("+refs/heads/*:refs/carti/heads/*"), new RefSpec("+refs/tags/*:refs/carti/tags/*")).call();
                commit = git.getRepository().resolve(ref + "^{commit}");
                if (commit == null) {
                    throw new CartiException(CartiException.Kind.NOT_FOUND, "repo " + label + " has no branch, tag or commit '" + ref + "'");
                }
            }
            Fetched fetched = new Fetched(read(git.getRepository(), commit, label), commit.name());
            done = true;
            return fetched;
        } catch (GitAPIException e) {
            throw new CartiException(CartiException.Kind.NETWORK, "cannot fetch repo " + label + ": " + rootMessage(e), e);
        } catch (IOException e) {
            throw new CartiException("cannot read repo " + label + ": " + e.getMessage(), e);
        } finally {
            if (!done) AtomicFiles.deleteTree(created);
        }
    }

    private static Git open(Path dir) throws IOException, GitAPIException {
        if (Files.isRegularFile(dir.resolve("HEAD"))) return Git.open(dir.toFile());
        Files.createDirectories(dir);
        return Git.init().setBare(true).setDirectory(dir.toFile()).call();
    }

    /** The remote ref to fetch: HEAD, a branch, a tag, a full ref name; null when {@code ref} may be a commit id. */
    private static String pick(Map<String, Ref> remote, String ref) {
        if (ref == null) {
            if (remote.containsKey(Constants.HEAD)) return Constants.HEAD;
            if (remote.containsKey("refs/heads/main")) return "refs/heads/main";
            if (remote.containsKey("refs/heads/master")) return "refs/heads/master";
            throw new CartiException(CartiException.Kind.NOT_FOUND, "the repository has no default branch (HEAD)");
        }
        for (String name : new String[] {Constants.R_HEADS + ref, Constants.R_TAGS + ref, ref}) {
            if (remote.containsKey(name)) return name;
        }
        if (ref.matches("[0-9a-fA-F]{4,40}")) return null;
        throw new CartiException(CartiException.Kind.NOT_FOUND, "the repository has no branch or tag '" + ref + "'");
    }

    private static String read(Repository repo, ObjectId commitId, String label) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit commit = walk.parseCommit(commitId);
            try (TreeWalk tw = TreeWalk.forPath(repo, "bundles.json", commit.getTree())) {
                if (tw == null) {
                    throw new CartiException(CartiException.Kind.NOT_FOUND, "repo " + label + " has no bundles.json at commit "
                            + commit.abbreviate(12).name());
                }
                ObjectLoader loader = repo.open(tw.getObjectId(0));
                if (loader.getSize() > 64L << 20) throw new CartiException(CartiException.Kind.INVALID_INPUT, "bundles.json of repo " + label + " is over 64 MiB");
                return new String(loader.getBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        String msg = e.getMessage();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) msg = t.getMessage();
        }
        return msg == null ? e.getClass().getSimpleName() : msg;
    }
}
