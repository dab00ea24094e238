package io.carti.core.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.carti.core.CartiEnv;
import io.carti.core.repo.RepoLocation.Kind;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepoLocationTest {
    final CartiEnv env = CartiEnv.of(Path.of("/proj"), Path.of("/home/u"), Map.of());

    RepoLocation parse(String s) { return RepoLocation.parse(s, env); }

    @Test void githubTreeUrlsNameARef() {
        RepoLocation l = parse("https://github.com/createdreamtech/carti-default/tree/my/branch");
        assertThat(l.kind()).isEqualTo(Kind.GIT);
        assertThat(l.url()).isEqualTo("https://github.com/createdreamtech/carti-default");
        assertThat(l.ref()).isEqualTo("my/branch");
        assertThat(l.key()).isEqualTo("https://github.com/createdreamtech/carti-default/tree/my/branch");
    }

    @Test void anyHostIsHonouredAndAHashSelectsARef() {
        RepoLocation l = parse("https://gitlab.example.com/team/bundles.git#v2");
        assertThat(l.kind()).isEqualTo(Kind.GIT);
        assertThat(l.url()).isEqualTo("https://gitlab.example.com/team/bundles.git");
        assertThat(l.ref()).isEqualTo("v2");
        assertThat(parse("https://github.com/o/r").ref()).isNull();
    }

    @Test void sshAndGitUrls() {
        assertThat(parse("git@github.com:o/r.git").kind()).isEqualTo(Kind.GIT);
        assertThat(parse("git@github.com:o/r.git").key()).isEqualTo("git@github.com:o/r.git");
        assertThat(parse("ssh://git@host:2222/o/r.git#main").ref()).isEqualTo("main");
        assertThat(parse("git://127.0.0.1:9418/r.git").needsNetwork()).isTrue();
    }

    @Test void httpJsonFilesAreFetchedAsListings() {
        RepoLocation l = parse("https://raw.githubusercontent.com/o/r/main/bundles.json");
        assertThat(l.kind()).isEqualTo(Kind.HTTP);
        assertThat(l.url()).isEqualTo("https://raw.githubusercontent.com/o/r/main/bundles.json");
    }

    @Test void pathsAreResolvedAgainstTheProjectAsUpstreamDid() {
        RepoLocation l = parse("../other");
        assertThat(l.key()).isEqualTo("/other");
        assertThat(l.kind()).isEqualTo(Kind.FILE);
        assertThat(l.path()).isEqualTo(Path.of("/other/bundles.json"));
        assertThat(l.needsNetwork()).isFalse();
        assertThat(parse("/srv/repo#dev").kind()).isEqualTo(Kind.GIT);
    }
}
