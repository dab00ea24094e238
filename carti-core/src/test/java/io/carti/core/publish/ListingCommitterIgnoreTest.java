package io.carti.core.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code publish --commit} decides whether git would ignore a listing that does not exist yet; the oracle is
 * {@code git check-ignore --no-index} (which, like us, needs no file) on the same work tree.
 */
class ListingCommitterIgnoreTest {
    @TempDir Path top;

    /** {@code files}: ";"-separated {@code path=line|line}; every case asks about each of three listing paths. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '!', value = {
        "nothing ignores it!",
        "top .gitignore names it!.gitignore=bundles.json",
        "a glob!.gitignore=*.json",
        "anchored at the top only!.gitignore=/bundles.json",
        "a directory pattern!.gitignore=listing/",
        "ignored, then re-included!.gitignore=*.json|!bundles.json",
        "a deeper .gitignore re-includes!.gitignore=*.json;listing/.gitignore=!bundles.json",
        "a deeper .gitignore ignores!listing/.gitignore=bundles.json",
        "nothing below an ignored directory comes back!.gitignore=listing/|!listing/bundles.json",
        "info/exclude!.git/info/exclude=bundles.json",
        "a comment and a blank line!.gitignore=# bundles.json||other",
    })
    void decidesAsGitCheckIgnore(String name, String files) throws Exception {
        git("init", "-q");
        git("config", "core.excludesFile", top.resolve("no-global-ignores").toString()); // hermetic: not the user's global file
        if (files != null) {
            for (String f : files.split(";")) {
                String[] kv = f.split("=", 2);
                Path p = top.resolve(kv[0]);
                Files.createDirectories(p.getParent());
                Files.writeString(p, kv[1].replace('|', '\n') + "\n");
            }
        }
        try (Repository repo = new FileRepositoryBuilder().setGitDir(top.resolve(".git").toFile()).setMustExist(true).build()) {
            for (String rel : List.of("bundles.json", "listing/bundles.json", "a/b/bundles.json")) {
                boolean gitSays = git("check-ignore", "-q", "--no-index", rel) == 0;
                assertThat(ListingCommitter.wouldBeIgnored(repo, rel)).as("%s: %s", name, rel).isEqualTo(gitSays);
            }
        }
    }

    private int git(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(top.toFile()).redirectErrorStream(true).start();
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor();
    }
}
