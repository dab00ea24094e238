package io.carti.cli.command.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.carti.cli.CliHarness;
import io.carti.core.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishDiskUriTest {
    /** CID of the fixture rom.bin ("fakerom"), from upstream's packager test. */
    static final String ROM_CID = "baenrwigfd3thblxcse7nvzwsebphtfre5nsmfl3wymz5n3jgi3aqwhsocy";

    @TempDir Path cwd;
    @TempDir Path home;
    @TempDir Path store;
    CliHarness carti;

    @BeforeEach void bundleRom() {
        carti = new CliHarness(cwd, home);
        CliHarness.Result r = carti.run("bundle", "-t", "rom", "-n", "rom", "-v", "1.0.0", "-d", "fake rom", Fixtures.path("rom.bin").toString());
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    /**
     * {@code publish uri} lists the index entry with the new uri ({...candidate, uri} upstream): an entry whose keys
     * are in another order (an install from a hand-written listing) keeps it; a disk upload lists upstream's order.
     */
    @Test void aUriPublishKeepsTheIndexEntrysKeyOrder() throws IOException {
        Path index = cwd.resolve("carti_bundles/.carti/.bundles_index.json");
        String key = cwd.resolve("carti_bundles").resolve(ROM_CID).resolve("rom.bin").toString();
        Files.writeString(index, "{\"" + key + "\":[{\"version\":\"1.0.0\",\"uri\":\"" + key + "\",\"name\":\"rom\",\"id\":\""
                + ROM_CID + "\",\"fileName\":\"rom.bin\",\"bundleType\":\"rom\"}]}");
        assertThat(carti.run("publish", "uri", "-y", "rom", "https://a.example/rom.bin").exit()).isZero();
        assertThat(Files.readString(cwd.resolve("bundles.json"))).isEqualTo("""
                {
                  "bundles": [
                    {
                      "version": "1.0.0",
                      "uri": "https://a.example/rom.bin",
                      "name": "rom",
                      "id": "%s",
                      "fileName": "rom.bin",
                      "bundleType": "rom"
                    }
                  ]
                }""".formatted(ROM_CID));
        Files.delete(cwd.resolve("bundles.json"));
        assertThat(carti.run("publish", "disk", "-y", "rom", store.toString()).exit()).isZero();
        assertThat(Files.readString(cwd.resolve("bundles.json"))).contains("{\n      \"bundleType\": \"rom\",\n      \"name\": \"rom\",");
    }

    @Test void diskPublishCopiesTheBundleAndRecordsAnInstallableFileUri() throws IOException {
        CliHarness.Result r = carti.run("publish", "disk", "-y", "rom", store.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("published to path:" + store.toRealPath() + "\n");
        Path published = store.resolve(ROM_CID).resolve("rom.bin");
        assertThat(published).hasSameBinaryContentAs(Fixtures.path("rom.bin"));
        assertThat(store.resolve(ROM_CID).resolve("carti-meta.json")).exists();
        // B11: the uri is the file itself, <store>/<cid>/<fileName>
        assertThat(Files.readString(cwd.resolve("bundles.json"))).isEqualTo("""
                {
                  "bundles": [
                    {
                      "bundleType": "rom",
                      "name": "rom",
                      "fileName": "rom.bin",
                      "id": "%s",
                      "version": "1.0.0",
                      "uri": "%s"
                    }
                  ]
                }""".formatted(ROM_CID, published.toRealPath()));
    }

    @Test void aDiskPublishInstallsInAnotherHome(@TempDir Path cwd2, @TempDir Path home2) throws IOException {
        assertThat(carti.run("publish", "disk", "-y", "rom", store.toString()).exit()).isZero();
        CliHarness.Result again = carti.run("publish", "disk", "-y", "rom", store.toString());
        assertThat(again.err()).contains("already holds " + ROM_CID + "; not copied again");
        assertThat(carti.run("publish", "disk", "-y", "--force", "rom", store.toString()).err()).doesNotContain("not copied");

        // B11: the recorded uri works for install (upstream recorded the directory, which install could not use)
        CliHarness other = new CliHarness(cwd2, home2);
        CliHarness.Result add = other.run("repo", "add", cwd.toString());
        assertThat(add.exit()).as(add.toString()).isZero();
        CliHarness.Result install = other.run("install", "-y", "rom");
        assertThat(install.exit()).as(install.toString()).isZero();
        assertThat(cwd2.resolve("carti_bundles").resolve(ROM_CID).resolve("rom.bin")).hasSameBinaryContentAs(Fixtures.path("rom.bin"));
    }

    @Test void republishingTheSameCidWithAnotherUriUpdatesTheEntryAndSaysSo() throws IOException {
        assertThat(carti.run("publish", "uri", "-y", "rom", "https://a.example/rom.bin").exit()).isZero();
        CliHarness.Result r = carti.run("publish", "uri", "-y", "rom", "https://b.example/rom.bin");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("published to uri:https://b.example/rom.bin\n");
        assertThat(r.err()).contains("updated rom 1.0.0 in bundles.json: uri https://a.example/rom.bin -> https://b.example/rom.bin");
        String json = Files.readString(cwd.resolve("bundles.json"));
        assertThat(json).contains("\"uri\": \"https://b.example/rom.bin\"").doesNotContain("a.example");
        assertThat(json.split("\"id\"", -1)).hasSize(2);

        CliHarness.Result again = carti.run("publish", "uri", "-y", "rom", "https://b.example/rom.bin");
        assertThat(again.exit()).isZero();
        assertThat(again.err()).contains("bundles.json already lists rom 1.0.0");
        assertThat(Files.readString(cwd.resolve("bundles.json"))).isEqualTo(json);
    }

    /**
     * Upstream's BundleManager re-wrote the entries it had parsed (JSON.parse, then JSON.stringify of the array):
     * each keeps its own key order (§2: key order = insertion order), here the sample listing's alphabetical one.
     */
    @Test void publishingKeepsOtherEntriesInTheirOwnKeyOrder() throws IOException {
        Files.writeString(cwd.resolve("bundles.json"), Files.readString(Fixtures.path("sample-bundles.json")));
        assertThat(carti.run("publish", "uri", "-y", "rom", "https://a.example/rom.bin").exit()).isZero();
        String json = Files.readString(cwd.resolve("bundles.json"));
        assertThat(json).startsWith("""
                {
                  "bundles": [
                    {
                      "bundleType": "rom",
                      "deps": [],
                      "fileName": "example-rom",
                      "id": "ba3rawf3Bfaw3gsga",
                      "name": "@rom/example",
                      "uri": "https://my-cool-storage.com",
                      "version": "1.0.0"
                    },""");
        assertThat(json.split("\"id\"", -1)).hasSize(5);
        assertThat(json).endsWith("\"uri\": \"https://a.example/rom.bin\"\n    }\n  ]\n}");
    }

    @Test void uriPublishOfAnUnknownBundleWritesNothing() {
        CliHarness.Result r = carti.run("publish", "uri", "-y", "nope", "https://x.example/nope");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).startsWith("error: no bundle named 'nope' in the local index");
        assertThat(cwd.resolve("bundles.json")).doesNotExist();
    }

    @Test void aCorruptListingIsAnErrorAndIsLeftAsItWas() throws IOException {
        for (String bad : List.of("{\"bundles\": [", "[1,2]", "{\"bundles\": {}}", "{\"bundles\": [{\"name\": \"x\"}]}")) {
            Files.writeString(cwd.resolve("bundles.json"), bad);
            CliHarness.Result r = carti.run("publish", "disk", "-y", "rom", store.toString());
            assertThat(r.exit()).as(bad).isEqualTo(1);
            assertThat(r.err()).as(bad).startsWith("error: " + cwd.resolve("bundles.json")).contains("will not overwrite");
            assertThat(Files.readString(cwd.resolve("bundles.json"))).isEqualTo(bad);
            assertThat(store.resolve(ROM_CID)).as("nothing uploaded before the listing is known to be good").doesNotExist();
        }
    }

    @Test void commitRecordsTheListingInGit() throws Exception {
        git("init", "-q", "-b", "main");
        Files.writeString(cwd.resolve("other.txt"), "staged but not part of the publish");
        git("add", "other.txt");
        CliHarness.Result r = carti.run("publish", "uri", "-y", "--commit", "rom", "https://a.example/rom.bin");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).containsPattern("committed bundles.json \\([0-9a-f]{7}\\)").doesNotContain("note:");
        assertThat(git("log", "-1", "--format=%s")).isEqualTo("publish rom 1.0.0 (" + ROM_CID + ")\n");
        assertThat(git("show", "HEAD:bundles.json")).isEqualTo(Files.readString(cwd.resolve("bundles.json")));
        assertThat(git("show", "--name-only", "--format=", "HEAD")).isEqualTo("bundles.json\n");
        assertThat(git("status", "--porcelain")).contains("A  other.txt");
    }

    @Test void commitOutsideAGitWorkTreeFailsBeforeAnythingChanges() {
        CliHarness.Result r = carti.run("publish", "disk", "-y", "--commit", "rom", store.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("is not inside a git work tree");
        assertThat(cwd.resolve("bundles.json")).doesNotExist();
        assertThat(store.resolve(ROM_CID)).doesNotExist();
    }

    @Test void commitCommitsAListingThatAnEarlierPublishLeftUncommitted() throws Exception {
        git("init", "-q", "-b", "main");
        assertThat(carti.run("publish", "uri", "-y", "rom", "https://a.example/rom.bin").exit()).isZero();
        // the listing does not change now, but git does not have it yet: --commit must still leave it committed
        CliHarness.Result r = carti.run("publish", "uri", "-y", "--commit", "rom", "https://a.example/rom.bin");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).contains("bundles.json already lists rom 1.0.0").containsPattern("committed bundles.json \\([0-9a-f]{7}\\)");
        assertThat(git("show", "HEAD:bundles.json")).isEqualTo(Files.readString(cwd.resolve("bundles.json")));
        assertThat(git("log", "-1", "--format=%s")).isEqualTo("publish rom 1.0.0 (" + ROM_CID + ")\n");

        CliHarness.Result again = carti.run("publish", "uri", "-y", "--commit", "rom", "https://a.example/rom.bin");
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.err()).contains("bundles.json is committed already; nothing to commit");
        assertThat(git("rev-list", "--count", "HEAD")).isEqualTo("1\n");
    }

    @Test void commitFromASubdirectoryOfTheWorkTreeCommitsThereAndSaysRepoAddWillNotFindIt(@TempDir Path top) throws Exception {
        gitIn(top, "init", "-q", "-b", "main");
        Path sub = Files.createDirectories(top.resolve("listing"));
        CliHarness inSub = new CliHarness(sub, home);
        assertThat(inSub.run("bundle", "-t", "rom", "-n", "rom", "-v", "1.0.0", "-d", "x", Fixtures.path("rom.bin").toString()).exit()).isZero();
        CliHarness.Result r = inSub.run("publish", "uri", "-y", "--commit", "rom", "https://a.example/rom.bin");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(gitIn(top, "show", "--name-only", "--format=", "HEAD")).isEqualTo("listing/bundles.json\n");
        assertThat(r.err()).contains("note: the listing is listing/bundles.json in its git work tree");
    }

    @Test void commitOfAListingThatGitIgnoresIsAnError() throws Exception {
        git("init", "-q", "-b", "main");
        Files.writeString(cwd.resolve(".gitignore"), "bundles.json\n");
        // a new listing: matched against .gitignore before anything is copied or written
        CliHarness.Result first = carti.run("publish", "disk", "-y", "--commit", "rom", store.toString());
        assertThat(first.exit()).as(first.toString()).isEqualTo(1);
        assertThat(first.err()).startsWith("error: --commit: " + cwd.resolve("bundles.json") + " is ignored by git");
        assertThat(cwd.resolve("bundles.json")).doesNotExist();
        assertThat(store.resolve(ROM_CID)).doesNotExist();
        // an existing one (written without --commit): git's status says so, also before anything is written
        assertThat(carti.run("publish", "uri", "-y", "rom", "https://a.example/rom.bin").exit()).isZero();
        String listing = Files.readString(cwd.resolve("bundles.json"));
        CliHarness.Result r = carti.run("publish", "disk", "-y", "--commit", "rom", store.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: --commit: " + cwd.resolve("bundles.json") + " is ignored by git");
        assertThat(Files.readString(cwd.resolve("bundles.json"))).isEqualTo(listing);
        assertThat(store.resolve(ROM_CID)).doesNotExist();
    }

    @Test void theListingIsReplacedByARenameNeverRewrittenInPlace() throws Exception {
        Path listing = cwd.resolve("bundles.json");
        String before = Files.readString(Fixtures.path("sample-bundles.json"));
        Files.writeString(listing, before);
        // a second name for the old file: an in-place rewrite would change it too, a rename leaves it alone
        Path oldInode = Files.createLink(cwd.resolve("old-listing.json"), listing);
        assertThat(carti.run("publish", "uri", "-y", "rom", "https://a.example/rom.bin").exit()).isZero();
        assertThat(Files.readString(oldInode)).isEqualTo(before);
        assertThat(Files.readString(listing)).contains("https://a.example/rom.bin");
        try (var files = Files.list(cwd)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("no temp file left behind")
                    .containsExactlyInAnyOrder("bundles.json", "old-listing.json", "carti_bundles");
        }
    }

    @Test void anEntryThatWouldBreakTheListingSchemaIsRefusedBeforeAnythingIsWritten() throws Exception {
        // a local index edited by hand (or by another tool) with a bundle type the listing schema does not allow
        Path index = cwd.resolve("carti_bundles/.carti/.bundles_index.json");
        Files.writeString(index, Files.readString(index).replace("\"bundleType\": \"rom\"", "\"bundleType\": \"weird\""));
        String before = Files.readString(Fixtures.path("sample-bundles.json"));
        Files.writeString(cwd.resolve("bundles.json"), before);
        CliHarness.Result r = carti.run("publish", "disk", "-y", "rom", store.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: " + cwd.resolve("bundles.json") + ": /bundles/3/bundleType: does not have a value in the enumeration")
                .contains("\nerror: these are in the entry for rom 1.0.0, from the local index");
        assertThat(Files.readString(cwd.resolve("bundles.json"))).isEqualTo(before);
        assertThat(store.resolve(ROM_CID)).as("nothing copied").doesNotExist();
    }

    @Test void withoutYesThePickerOffersTheLocalBundlesOfThatName() throws IOException {
        assertThat(carti.run("bundle", "-t", "rom", "-n", "rom", "-v", "2.0.0", "-d", "x", Fixtures.path("hello.txt").toString()).exit()).isZero();
        CliHarness.Result r = carti.runWithInput("2\n", "publish", "uri", "rom", "https://a.example/hello.txt");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).contains("Which bundle would you like to publish").contains("@rom/rom:1.0.0:" + ROM_CID + ":local");
        assertThat(Files.readString(cwd.resolve("bundles.json"))).contains("\"version\": \"2.0.0\"").doesNotContain("\"version\": \"1.0.0\"");
    }

    @Test void publishWithoutSubcommandIsAUsageError() {
        CliHarness.Result r = carti.run("publish");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("missing subcommand");
    }

    private String git(String... args) throws IOException, InterruptedException {
        return gitIn(cwd, args);
    }

    private static String gitIn(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@example.com"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", args) + ": " + out).isZero();
        return out;
    }
}
