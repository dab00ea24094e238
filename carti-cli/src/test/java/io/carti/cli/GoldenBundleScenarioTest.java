package io.carti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.carti.cli.command.DefaultsCommand;
import io.carti.core.json.Json;
import io.carti.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays upstream's recorded "bundle" scenario (golden/cases/bundle-and-machine.json) against carti and compares
 * stdout, exit codes and the files written, applying only the documented B-fixes (docs/compat.md):
 * B8 (banner not on stdout), B26 (list joined with \n), B5 (desc kept in carti-meta.json, -f honoured for local
 * files), usage errors exit 2, B3 (files above 2 GiB bundle fine; that 3 GiB case is covered elsewhere).
 */
class GoldenBundleScenarioTest {
    @TempDir Path root;

    @Test
    void bundleScenarioMatchesUpstream() throws Exception {
        JsonNode cases = Json.parse(Files.readString(Fixtures.path("golden/cases/bundle-and-machine.json")), "cases");
        Path inputs = root.resolve("inputs");
        Files.createDirectories(inputs);
        for (String f : List.of("rom.bin", "linux.bin", "rootfs.ext2", "dapp-test-data.ext2", "empty.bin", "a.bin", "hello.txt")) {
            Files.copy(Fixtures.path(f), inputs.resolve(f));
        }
        Files.write(inputs.resolve("zeros-1MiB.bin"), new byte[1 << 20]);
        // lcg-5MiB.bin (5 MiB of LCG bytes) is not among the fixtures: its run is skipped and its line dropped
        Set<String> skippedIds = new HashSet<>(Set.of("baenrwiaa2niz6ibq6ykftsisolmjyrr3gny6ad5ooxsmrivem6bym72ewq"));
        int compared = 0;
        boolean seenFOverride = false;
        for (JsonNode e : cases.get("entries")) {
            if (!"bundle".equals(e.path("scenario").asText())) continue;
            String type = e.get("type").asText();
            if (type.equals("setup")) {
                String sh = e.get("shell").asText();
                if (sh.contains("truncate -s 3G") || sh.contains("big-3GiB")) continue;
                assertThat(new ProcessBuilder("bash", "-c", "ROOT='" + root + "' INPUTS='" + inputs + "'; " + sh)
                        .inheritIO().start().waitFor()).isZero();
                continue;
            }
            if (!type.equals("carti")) continue;
            String id = e.get("id").asText();
            List<String> argv = new ArrayList<>();
            e.get("argv").forEach(a -> argv.add(a.asText().replace("$ROOT", root.toString())));
            argv.remove(0);
            if (argv.contains("lcg-5MiB.bin") || id.equals("bundle-37-err-bundle-3gib")) continue;
            Path cwd = Path.of(e.get("cwd").asText().replace("$ROOT", root.toString()));
            Path home = Path.of(e.get("home").asText().replace("$ROOT", root.toString()));
            Files.createDirectories(cwd);
            CliHarness.Result r = new CliHarness(cwd, home).run(argv.toArray(String[]::new));

            int expectedExit = e.get("exit_code").asInt();
            if (id.equals("bundle-36-err-bundle-global")) expectedExit = 2; // usage error
            if (id.equals("bundle-27-bundle-bogus-type")) {
                // B4: the type is checked; nothing is stored, so later listings lack this bundle
                assertThat(r.exit()).as(r.toString()).isEqualTo(1);
                assertThat(r.out()).isEmpty();
                assertThat(r.err()).contains("error: unknown bundle type 'bogus'");
                skippedIds.add("baenrwicoy42eh4xjshzzuolhtkncyosxavciajjgzq3fzp22tnrskwr3se");
                assertThat(root.resolve("bundle/proj/carti_bundles/baenrwicoy42eh4xjshzzuolhtkncyosxavciajjgzq3fzp22tnrskwr3se")).doesNotExist();
                continue;
            }
            assertThat(r.exit()).as(id + "\n" + r).isEqualTo(expectedExit);

            String expectedOut = e.get("stdout").asText().replace(DefaultsCommand.BANNER, "").replace("$ROOT", root.toString());
            expectedOut = expectedOut.replace("\r\n", "\n");
            expectedOut = Arrays.stream(expectedOut.split("\n", -1))
                    .filter(l -> skippedIds.stream().noneMatch(l::contains)).collect(Collectors.joining("\n"));
            assertThat(r.out()).as(id + "\n" + r).isEqualTo(expectedOut);
            if (expectedExit != 0) {
                assertThat(r.err()).as(id).contains("error: ");
                assertThat(r.err().lines().filter(l -> l.startsWith("error: ")).count()).isEqualTo(1);
            }

            JsonNode files = e.get("files");
            if (files != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    Path path = root.resolve(f.getKey());
                    String expected = f.getValue().asText().replace("$ROOT", root.toString());
                    if (id.startsWith("bundle-28") || seenFOverride) {
                        // B5: -f is honoured for local files (from bundle-28 on, fname.bin is stored as override.bin)
                        path = Path.of(path.toString().replace("fname.bin", "override.bin"));
                        expected = expected.replaceAll("(carti_bundles/[a-z0-9]+/)fname\\.bin", "$1override.bin")
                                .replaceAll("(\"fileName\": ?\")fname\\.bin", "$1override.bin");
                    }
                    String actual = Files.readString(path);
                    if (skippedIds.stream().anyMatch(expected::contains)) {
                        // drop the skipped bundle's entry; the rest keeps upstream's exact text layout
                        var o = (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(expected, "golden");
                        o.properties().removeIf(p -> skippedIds.stream().anyMatch(p.getKey()::contains));
                        expected = Json.pretty(o);
                    }
                    if (path.getFileName().toString().equals("carti-meta.json")) {
                        actual = actual.replaceAll(",\"desc\":\"[^\"]*\"", ""); // B5: desc is kept
                    }
                    assertThat(actual).as(id + " " + f.getKey()).isEqualTo(expected);
                }
            }
            if (id.startsWith("bundle-28")) seenFOverride = true;
            compared++;
        }
        assertThat(compared).isGreaterThanOrEqualTo(30);
        try (Stream<Path> s = Files.walk(root.resolve("bundle/proj/carti_bundles"))) {
            assertThat(s.filter(p -> p.toString().endsWith(".part") || p.toString().endsWith(".tmp"))).isEmpty();
        }
    }
}
