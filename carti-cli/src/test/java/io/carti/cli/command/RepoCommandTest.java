package io.carti.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.carti.cli.CliHarness;
import io.carti.core.json.Json;
import io.carti.core.repo.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code carti repo …} through the whole CLI, with git repositories made by the test. */
class RepoCommandTest {
    static final String ROM = "baenrwigfd3thblxcse7nvzwsebphtfre5nsmfl3wymz5n3jgi3aqwhsocy";
    @TempDir Path proj;
    @TempDir Path home;
    @TempDir Path tmp;

    CliHarness.Result carti(String... args) { return new CliHarness(proj, home).run(args); }

    static String listing(String name) {
        return "{\"bundles\":[{\"bundleType\":\"rom\",\"name\":\"" + name + "\",\"fileName\":\"rom.bin\",\"id\":\"" + ROM
                + "\",\"version\":\"1.0.0\",\"uri\":\"/nowhere/rom.bin\"}]}";
    }

    @Test void addListUpdateAndRemove() throws Exception {
        Path g = GitFixture.repo(tmp.resolve("g"), listing("first"));
        String url = "file://" + GitFixture.bareClone(g, tmp.resolve("g.git"));
        Path dir = tmp.resolve("d");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("bundles.json"), listing("in-dir"));

        CliHarness.Result add = carti("repo", "add", url);
        assertThat(add.exit()).as(add.toString()).isZero();
        assertThat(add.out()).isEmpty();
        assertThat(add.err()).contains("added repo " + url + " (1 bundle, commit ");
        CliHarness.Result addDir = carti("repo", "add", dir.toString());
        assertThat(addDir.out()).as("B9: the listing path is not printed on stdout").isEmpty();
        assertThat(carti("repo", "list").out()).isEqualTo(url + "\n" + dir + "\n");
        assertThat(carti("list", "--all").out()).contains("@rom/first:1.0.0:" + ROM + ":/nowhere/rom.bin");

        GitFixture.commit(g, listing("second"), "second");
        GitFixture.git(g, "push", "-q", tmp.resolve("g.git").toString(), "main");
        CliHarness.Result up = carti("repo", "update");
        assertThat(up.exit()).as(up.toString()).isZero();
        assertThat(up.err()).contains("updated repo " + url).contains("updated repo " + dir);
        assertThat(Json.readIfExists(home.resolve(".carti/.bundles_index.json")).get(url).get(0).get("name").asText()).isEqualTo("second");

        assertThat(carti("repo", "rm", url).exit()).isZero();
        assertThat(carti("repo", "list").out()).isEqualTo(dir + "\n");
        assertThat(carti("repo", "rm", "/not/added").exit()).isZero();
    }

    @Test void updateWithoutArgumentNamesTheReposThatFailedAndKeepsTheirListing() throws Exception {
        Path ok = tmp.resolve("ok");
        Path gone = tmp.resolve("gone");
        Files.createDirectories(ok);
        Files.createDirectories(gone);
        Files.writeString(ok.resolve("bundles.json"), listing("ok"));
        Files.writeString(gone.resolve("bundles.json"), listing("gone"));
        carti("repo", "add", ok.toString());
        carti("repo", "add", gone.toString());
        Files.writeString(gone.resolve("bundles.json"), "{\"bundles\": [{\"name\": 1}]}");

        CliHarness.Result r = carti("repo", "update");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("updated repo " + ok)
                .contains("error: repo " + gone + " was not updated (its cached listing is kept): " + gone.resolve("bundles.json")
                        + ": /bundles/0/name: integer found, string expected")
                .contains("error: 1 of 2 repos could not be updated");
        assertThat(Json.readIfExists(home.resolve(".carti/.bundles_index.json")).get(gone.toString()).get(0).get("name").asText())
                .isEqualTo("gone");
    }

    @Test void aBareRepoCommandIsAUsageError() {
        CliHarness.Result r = carti("repo");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("missing subcommand");
    }

    @Test void addingAMissingRepoFailsAndAddsNothing() {
        CliHarness.Result r = carti("repo", "add", tmp.resolve("nothing-here").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("error: no listing at " + tmp.resolve("nothing-here/bundles.json"));
        assertThat(carti("repo", "list").out()).isEmpty();
        assertThat(home.resolve(".carti")).as("§2: ~/.carti is created only by a global write").doesNotExist();
    }

    /** §2: ~/.carti is only created by a global-scope write; §2/§3.7: rm of a missing listing and a bare update are no-ops. */
    @Test void commandsThatWriteNothingCreateNoCartiHome() {
        for (String[] args : new String[][] {{"repo", "rm", "/not/added"}, {"repo", "update"}, {"repo", "list"},
                {"repo", "update", tmp.resolve("nothing-here").toString()}, {"list", "--all"}, {"which", "x"},
                {"install", "-g", "-y", "x"}, {"get", "-g", "-y", "x"}}) {
            CliHarness.Result r = carti(args);
            assertThat(r.out()).as(String.join(" ", args)).isIn("", "\n");
            assertThat(home.resolve(".carti")).as(String.join(" ", args)).doesNotExist();
            assertThat(proj.resolve("carti_bundles")).as(String.join(" ", args)).doesNotExist();
        }
    }
}
