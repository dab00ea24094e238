package io.carti.core.repo;

import static io.carti.core.repo.GitFixture.commit;
import static io.carti.core.repo.GitFixture.git;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carti.core.CartiEnv;
import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.install.NetConfig;
import io.carti.core.install.ProgressListener;
import io.carti.core.install.TestHttpServer;
import io.carti.core.store.Layout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Repos over real git repositories (file://, local paths, git daemon), directories and an HTTP server. */
class ReposTest {
    static final String ROM = "baenrwigfd3thblxcse7nvzwsebphtfre5nsmfl3wymz5n3jgi3aqwhsocy";
    static final String LINUX = "baenrwiekn3qdmotnl3jm5swsespejzbycv2wjb2itzzy3n4ouezhv4s34u";

    @TempDir Path tmp;
    Layout layout;

    @BeforeEach void setUp() throws Exception {
        Files.createDirectories(tmp.resolve("proj"));
        layout = new Layout(CartiEnv.of(tmp.resolve("proj"), tmp.resolve("home"), Map.of()));
    }

    static String listing(String name, String cid) {
        return "{\"bundles\":[{\"bundleType\":\"rom\",\"name\":\"" + name + "\",\"fileName\":\"rom.bin\",\"id\":\"" + cid
                + "\",\"version\":\"1.0.0\",\"uri\":\"https://example.invalid/" + name + "\"}]}";
    }

    Repos repos(boolean offline) {
        return new Repos(layout, new NetConfig(offline, Duration.ofSeconds(5), Duration.ofSeconds(5), 0, Duration.ZERO), ProgressListener.NONE);
    }

    List<String> names(String key) {
        return layout.repoCache().read().get(key).stream().map(Bundle::name).toList();
    }

    @Test void fileUrlOfAGitRepoIsFetchedShallowlyIntoTheCache() throws Exception {
        Path g = GitFixture.repo(tmp.resolve("g"), listing("one", ROM));
        commit(g, listing("two", LINUX), "second");
        Path bare = GitFixture.bareClone(g, tmp.resolve("g.git"));
        String url = "file://" + bare;
        Repos.Fetched f = repos(false).add(url);
        assertThat(f.commit()).isEqualTo(git(g, "rev-parse", "HEAD"));
        assertThat(names(url)).containsExactly("two");
        Path cache = repos(false).gitCache();
        try (var dirs = Files.list(cache)) {
            Path c = dirs.findFirst().orElseThrow();
            assertThat(git(c, "rev-list", "--count", "refs/carti/listing")).as("shallow: only the tip commit").isEqualTo("1");
            assertThat(Files.exists(c.resolve("shallow"))).isTrue();
        }
    }

    @Test void branchTagAndCommitAreSelectedWithAHashSuffix() throws Exception {
        Path g = GitFixture.repo(tmp.resolve("g"), listing("v1-listing", ROM));
        String first = git(g, "rev-parse", "HEAD");
        git(g, "tag", "-a", "v1", "-m", "v1");
        git(g, "checkout", "-q", "-b", "dev");
        commit(g, listing("dev-listing", LINUX), "dev");
        git(g, "checkout", "-q", "main");
        commit(g, listing("main-listing", ROM), "main");
        Path bare = GitFixture.bareClone(g, tmp.resolve("g.git"));

        assertThat(repos(false).add(bare + "#dev").bundles().get(0).name()).isEqualTo("dev-listing");
        assertThat(repos(false).add("file://" + bare + "#v1").bundles().get(0).name()).isEqualTo("v1-listing");
        assertThat(repos(false).add(bare + "#" + first.substring(0, 10)).bundles().get(0).name()).isEqualTo("v1-listing");
        assertThat(repos(false).add(bare.toString()).bundles().get(0).name()).isEqualTo("main-listing");
        assertThat(repos(false).list()).containsExactly(bare + "#dev", "file://" + bare + "#v1", bare + "#" + first.substring(0, 10), bare.toString());
        assertThatThrownBy(() -> repos(false).add(bare + "#nosuch"))
                .isInstanceOf(CartiException.class).hasMessageContaining("no branch or tag 'nosuch'");
    }

    @Test void gitDaemonServesTheRepo() throws Exception {
        Path base = tmp.resolve("served");
        Files.createDirectories(base);
        Path g = GitFixture.repo(tmp.resolve("g"), listing("over-git-protocol", ROM));
        GitFixture.bareClone(g, base.resolve("bundles.git"));
        try (GitFixture.Daemon d = new GitFixture.Daemon(base)) {
            String url = d.url("bundles.git");
            assertThat(repos(false).add(url).bundles().get(0).name()).isEqualTo("over-git-protocol");
            commit(g, listing("updated", LINUX), "update");
            git(g, "push", "-q", base.resolve("bundles.git").toString(), "main");
            Repos.UpdateReport r = repos(false).updateAll();
            assertThat(r.failed()).isEmpty();
            assertThat(names(url)).containsExactly("updated");
            assertThatThrownBy(() -> repos(true).add(url)).isInstanceOfSatisfying(CartiException.class,
                    e -> assertThat(e.kind()).isEqualTo(CartiException.Kind.NETWORK)).hasMessageContaining("--offline");
        }
    }

    @Test void aDirectoryRepoReadsItsBundlesJsonAsUpstreamDid() throws Exception {
        Path dir = tmp.resolve("proj/../plain");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("bundles.json"), listing("plain", ROM));
        repos(false).add("../plain");
        String key = tmp.resolve("plain").toString();
        assertThat(repos(false).list()).containsExactly(key);
        assertThat(names(key)).containsExactly("plain");
        assertThat(repos(true).add("../plain").bundles()).hasSize(1); // local: fine offline
    }

    @Test void anHttpListingUrlIsFetchedFromItsOwnHost() {
        try (TestHttpServer http = TestHttpServer.start()) {
            http.serve("/listings/bundles.json", listing("from-http", ROM).getBytes());
            String url = http.url("/listings/bundles.json");
            repos(false).add(url);
            assertThat(names(url)).containsExactly("from-http");
        }
    }

    @Test void aMalformedListingIsRejectedAndTheCachedCopyKept() throws Exception {
        Path g = GitFixture.repo(tmp.resolve("g"), listing("good", ROM));
        String url = "file://" + GitFixture.bareClone(g, tmp.resolve("g.git"));
        repos(false).add(url);
        commit(g, "{\"bundles\":[{\"name\":\"broken\"}]}", "broken listing");
        git(g, "push", "-q", tmp.resolve("g.git").toString(), "main");
        assertThatThrownBy(() -> repos(false).add(url))
                .isInstanceOf(CartiException.class)
                .hasMessageContaining("(bundles.json at ")
                .hasMessageContaining("/bundles/0: missing required property 'id'");
        assertThat(names(url)).containsExactly("good");
    }

    @Test void updateAllRefreshesEveryRepoAndReportsTheOnesThatFailed() throws Exception {
        Path a = GitFixture.repo(tmp.resolve("a"), listing("a1", ROM));
        Path b = tmp.resolve("b");
        Files.createDirectories(b);
        Files.writeString(b.resolve("bundles.json"), listing("b1", ROM));
        String aUrl = "file://" + GitFixture.bareClone(a, tmp.resolve("a.git"));
        repos(false).add(aUrl);
        repos(false).add(b.toString());
        commit(a, listing("a2", LINUX), "a2");
        git(a, "push", "-q", tmp.resolve("a.git").toString(), "main");
        Files.delete(b.resolve("bundles.json"));

        Repos.UpdateReport r = repos(false).updateAll();
        assertThat(r.updated()).extracting(Repos.Fetched::key).containsExactly(aUrl);
        assertThat(r.failed()).extracting(Repos.Failure::key).containsExactly(b.toString());
        assertThat(r.failed().get(0).message()).contains("no listing at " + b.resolve("bundles.json"));
        assertThat(names(aUrl)).containsExactly("a2");
        assertThat(names(b.toString())).containsExactly("b1");
    }

    @Test void removeForgetsARepoAndIgnoresUnknownOnes() throws Exception {
        Path b = tmp.resolve("b");
        Files.createDirectories(b);
        Files.writeString(b.resolve("bundles.json"), listing("b1", ROM));
        repos(false).add(b.toString());
        assertThat(repos(false).remove("/no/such/repo")).isFalse();
        assertThat(repos(false).remove(b.toString())).isTrue();
        assertThat(repos(false).list()).isEmpty();
    }
}
