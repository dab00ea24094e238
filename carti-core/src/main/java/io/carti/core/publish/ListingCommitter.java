package io.carti.core.publish;

import io.carti.core.CartiException;
import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
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
     * uploaded. (Git reports an ignored file only once it exists; a new listing that turns out to be ignored fails
     * in {@link #commitIfChanged}.)
     */
    public void requireWorkTree() {
        try (Repository repo = open(); Git git = new Git(repo)) {
            String rel = relativePath(repo);
            pathInWorkTree = rel;
            if (isIgnored(git, rel)) throw ignored("");
        } catch (GitAPIException e) {
            throw new CartiException("cannot read the git status of " + file + ": " + e.getMessage(), e);
        }
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
