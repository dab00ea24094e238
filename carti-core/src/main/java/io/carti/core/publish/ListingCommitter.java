package io.carti.core.publish;

import io.carti.core.CartiEnv;
import io.carti.core.CartiException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.ignore.IgnoreNode;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * {@code publish --commit}: commits the updated {@code bundles.json} (and only it) in the git work tree that holds it,
 * so the listing is ready for others to {@code repo add}.
 */
public final class ListingCommitter {
    private final Path file;

    private String pathInWorkTree;

    public ListingCommitter(Path file) { this.file = file.toAbsolutePath().normalize(); }

    /**
     * The listing's path in its work tree ({@code bundles.json} at the top), once {@link #requireWorkTree} found it;
     * {@code carti repo add <git url>} reads only the top-level {@code bundles.json}.
     */
    public String pathInWorkTree() { return pathInWorkTree; }

    /**
     * Fails unless the listing sits in a git work tree where it can be committed; called before anything is
     * uploaded or written. Git's status reports an ignored file only once it exists, so a listing not written yet
     * is matched against the ignore files themselves ({@link #wouldBeIgnored}).
     */
    public void requireWorkTree() {
        try (Repository repo = open(); Git git = new Git(repo)) {
            String rel = relativePath(repo);
            pathInWorkTree = rel;
            if (Files.exists(file) ? isIgnored(git, rel) : wouldBeIgnored(repo, rel)) throw ignored("");
        } catch (GitAPIException | IOException e) {
            throw new CartiException("cannot read the git status of " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether git would ignore {@code rel} (a path that does not exist yet), as {@code git check-ignore} decides:
     * each leading directory, then the file; for each, the deepest {@code .gitignore} with a matching rule wins,
     * then {@code .git/info/exclude}, then {@code core.excludesFile} (by default {@code ~/.config/git/ignore}). Nothing below an ignored directory can be
     * re-included.
     */
    static boolean wouldBeIgnored(Repository repo, String rel) throws IOException {
        Path top = repo.getWorkTree().toPath();
        String[] parts = rel.split("/");
        List<Path> others = new ArrayList<>();
        others.add(repo.getDirectory().toPath().resolve("info").resolve("exclude"));
        String global = repo.getConfig().getString("core", null, "excludesfile");
        String home = CartiEnv.home(System.getenv(), System.getProperty("user.home")).toString();
        if (global != null) {
            others.add(Path.of(global.startsWith("~/") ? home + global.substring(1) : global));
        } else { // git's default global excludes file
            String xdg = System.getenv("XDG_CONFIG_HOME");
            others.add((xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(home, ".config")).resolve("git").resolve("ignore"));
        }
        for (int depth = 1; depth <= parts.length; depth++) {
            boolean dir = depth < parts.length;
            Boolean decided = null;
            for (int d = depth - 1; d >= 0 && decided == null; d--) { // the deepest .gitignore first
                Path gitignore = top.resolve(String.join("/", Arrays.copyOfRange(parts, 0, d))).resolve(".gitignore");
                decided = check(gitignore, String.join("/", Arrays.copyOfRange(parts, d, depth)), dir);
            }
            String fromTop = String.join("/", Arrays.copyOfRange(parts, 0, depth));
            for (int i = 0; i < others.size() && decided == null; i++) decided = check(others.get(i), fromTop, dir);
            if (Boolean.TRUE.equals(decided)) return true;
        }
        return false;
    }

    /** What the ignore file {@code rules} says of {@code path} (relative to the file's directory): null when nothing. */
    private static Boolean check(Path rules, String path, boolean dir) throws IOException {
        if (!Files.isRegularFile(rules)) return null;
        IgnoreNode node = new IgnoreNode();
        try (InputStream in = Files.newInputStream(rules)) {
            node.parse(in);
        }
        return node.checkIgnored(path, dir);
    }

    private static boolean isIgnored(Git git, String rel) throws GitAPIException {
        return git.status().addPath(rel).call().getIgnoredNotInIndex().contains(rel);
    }

    private CartiException ignored(String outcome) {
        return new CartiException(CartiException.Kind.INVALID_INPUT, "--commit: " + file + " is ignored by git (.gitignore "
                + "or .git/info/exclude), so others could not 'carti repo add' it" + outcome);
    }

    /**
     * Commits the listing with {@code message} when git does not hold it as it is on disk (new, modified or staged);
     * returns the abbreviated commit id, or null when the last commit already has it.
     */
    public String commitIfChanged(String message) {
        try (Repository repo = open(); Git git = new Git(repo)) {
            String rel = relativePath(repo);
            if (isIgnored(git, rel)) throw ignored("; it was written but not committed");
            if (git.status().addPath(rel).call().isClean()) return null;
            git.add().addFilepattern(rel).call();
            RevCommit c = git.commit().setOnly(rel).setMessage(message).call();
            return c.getId().abbreviate(7).name();
        } catch (GitAPIException e) {
            throw new CartiException("cannot commit " + file + ": " + e.getMessage(), e);
        }
    }

    private Repository open() {
        FileRepositoryBuilder b = new FileRepositoryBuilder().readEnvironment().findGitDir(file.getParent().toFile());
        if (b.getGitDir() == null) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT,
                    "--commit: " + file.getParent() + " is not inside a git work tree (run git init there first)");
        }
        try {
            Repository repo = b.setMustExist(true).build();
            if (repo.isBare()) {
                repo.close();
                throw new CartiException(CartiException.Kind.INVALID_INPUT, "--commit: " + b.getGitDir() + " is a bare repository");
            }
            return repo;
        } catch (IOException e) {
            throw new CartiException("cannot open the git repository of " + file + ": " + e.getMessage(), e);
        }
    }

    private String relativePath(Repository repo) {
        Path top = repo.getWorkTree().toPath().toAbsolutePath().normalize();
        try {
            top = top.toRealPath();
            Path real = file.getParent().toRealPath().resolve(file.getFileName());
            return top.relativize(real).toString().replace('\\', '/');
        } catch (IOException e) {
            throw new CartiException("cannot resolve " + file + ": " + e.getMessage(), e);
        }
    }
}
