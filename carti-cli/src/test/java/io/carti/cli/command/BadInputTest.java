package io.carti.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.carti.cli.CliHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input through the whole CLI: each case corrupts one file of a working project, runs one command and checks
 * the project rule: exit 1, exactly one {@code error:} line naming the file, no stack trace, and every file under
 * the project and the home directory byte for byte as it was.
 */
class BadInputTest {
    static final String HELLO = "baenrwic5gakagfyum5usyghneve4rza6bq7xiuougvkdephvzun62zfsxm"; // contract §1.2
    static final String LOCAL_INDEX = "proj/carti_bundles/.carti/.bundles_index.json";
    static final String GLOBAL_INDEX = "home/.carti/carti_bundles/.carti-disk/.bundles_index.json";
    static final String REPO_CACHE = "home/.carti/.bundles_index.json";

    static final String PACKAGE = "proj/carti-machine-package.json";
    static final String EVIL_INDEX = "{\"/p/hello.bin\": [{\"bundleType\": \"flashdrive\", \"name\": \"hello\", \"fileName\": \"../../evil\", "
            + "\"id\": \"" + HELLO + "\", \"version\": \"1.0.0\"}]}";
    static final String EVIL_PACKAGE = "{\"machineConfig\": {\"boot\": {\"args\": \"ls\"}, \"ram\": {\"length\": \"0x4000000\", \"cid\": \"" + HELLO
            + "\"}, \"rom\": {\"cid\": \"" + HELLO + "\"}, \"flash_drive\": [{\"cid\": \"" + HELLO + "\", \"start\": \"0x8000000000000000\", "
            + "\"label\": \"root\", \"length\": \"0x1000\", \"shared\": false}]}, "
            + "\"assets\": [{\"cid\": \"" + HELLO + "\", \"name\": \"hello\", \"fileName\": \"../../evil\"}], \"version\": \"1\"}";

    @TempDir Path root;

    CliHarness.Result carti(String... args) {
        return new CliHarness(root.resolve("proj"), root.resolve("home")).run(args);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // a malformed local index used to be noticed only after the bundle was stored: the store's
                // carti-meta.json for that CID was already rewritten under the new name
                Arguments.of(LOCAL_INDEX, "{bad", List.of("bundle", "-t", "raw", "-n", "again", "-v", "2", "-d", "d", "hello.bin"), "{file}: malformed JSON"),
                Arguments.of(LOCAL_INDEX, "[]", List.of("bundle", "-t", "raw", "-n", "again", "-v", "2", "-d", "d", "hello.bin"), "{file}: expected a JSON object"),
                // an entry that is not an array was skipped, and the next write replaced it with []
                Arguments.of(LOCAL_INDEX, "{\"x\": 5}", List.of("bundle", "-t", "raw", "-n", "again", "-v", "2", "-d", "d", "hello.bin"), "{file}: entry \"x\" is not an array of bundles"),
                Arguments.of(LOCAL_INDEX, "{\"x\": 5}", List.of("list"), "{file}: entry \"x\" is not an array of bundles"),
                Arguments.of(GLOBAL_INDEX, "{\"x\": {}}", List.of("which", "hello"), "{file}: entry \"x\" is not an array of bundles"),
                Arguments.of(REPO_CACHE, "{\"x\": \"y\"}", List.of("list", "--all"), "{file}: entry \"x\" is not an array of bundles"),
                Arguments.of(REPO_CACHE, "{\"x\": null}", List.of("repo", "rm", "x"), "{file}: entry \"x\" is not an array of bundles"),
                // a bundle that is not an object: the error did not say which file held it
                Arguments.of(LOCAL_INDEX, "{\"x\": [5]}", List.of("list"), "{file}: entry \"x\" holds a bundle that is not a JSON object: 5"),
                Arguments.of(REPO_CACHE, "{\"x\": [\"s\"]}", List.of("install", "-y", "hello"), "{file}: entry \"x\" holds a bundle that is not a JSON object: \"s\""),
                // B27: a file name with a path in the local index became the asset's fileName, and machine build
                // wrote image_filename = "/opt/carti/packages/<cid>/../../evil" into machine-config.lua
                Arguments.of(LOCAL_INDEX, EVIL_INDEX, List.of("machine", "add", "flash", "hello", "-m", "data", "-y"),
                        "unsafe file name '../../evil' in bundle hello: it contains a path separator"),
                Arguments.of(LOCAL_INDEX, EVIL_INDEX, List.of("machine", "add", "rom", "hello", "-y"),
                        "unsafe file name '../../evil' in bundle hello: it contains a path separator"),
                // the unsafe name was noticed only after the download, which left a partial file in the store
                Arguments.of(REPO_CACHE, "{\"/r\": [{\"bundleType\": \"flashdrive\", \"name\": \"hello\", \"fileName\": \"../../evil\", \"id\": \""
                        + HELLO + "\", \"version\": \"1.0.0\", \"uri\": \"/nowhere/hello.bin\"}]}", List.of("install", "-g", "-y", "hello"),
                        "unsafe file name '../../evil' in bundle hello: it contains a path separator"),
                // a file where the publish directory belongs: the JDK's message was only the path
                Arguments.of("pub", "x", List.of("publish", "disk", "hello", "../pub", "-y"), "{file}: already exists and is not a directory"),
                // a directory where the package file belongs is not a package that "has already been init"
                Arguments.of(PACKAGE + "/x", "", List.of("machine", "init"), "/carti-machine-package.json: is a directory, not a machine package"),
                // machine-config.lua was written before the run script failed on the directory
                Arguments.of("proj/run-config.lua/x", "", List.of("machine", "build", "-r"), "/run-config.lua: is a directory"),
                Arguments.of(PACKAGE, EVIL_PACKAGE, List.of("machine", "build"),
                        "unsafe file name '../../evil' in the asset " + HELLO + " of the machine package: it contains a path separator"));
    }

    @ParameterizedTest(name = "{0} = {1}: carti {2}")
    @MethodSource("cases")
    void failsWithOneLineAndChangesNothing(String file, String content, List<String> args, String message) throws Exception {
        Path proj = Files.createDirectories(root.resolve("proj"));
        Files.createDirectories(root.resolve("home/.carti"));
        Files.writeString(proj.resolve("hello.bin"), "hello");
        CliHarness.Result setup = carti("bundle", "-t", "flashdrive", "-n", "hello", "-v", "1.0.0", "-d", "d", "hello.bin");
        assertThat(setup.exit()).as(setup.toString()).isZero();
        assertThat(setup.out()).isEqualTo("bundled: hello as " + HELLO + "\n");
        Path bad = root.resolve(file);
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, content);
        Map<String, String> before = snapshot();

        CliHarness.Result r = carti(args.toArray(String[]::new));

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        List<String> errors = r.err().lines().filter(l -> l.startsWith("error:")).toList();
        assertThat(errors).as(r.toString()).hasSize(1);
        assertThat(errors.get(0)).startsWith("error: ").contains(message.replace("{file}", bad.toString()));
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(snapshot()).as("every file as it was").isEqualTo(before);
    }

    /** An unreachable git host: the failed fetch used to leave an empty bare repository in ~/.carti/cache/git. */
    @Test void aRepoOnAClosedPortLeavesNoCacheBehind() throws Exception {
        Files.createDirectories(root.resolve("proj"));
        Files.createDirectories(root.resolve("home/.carti"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/listing.git";
        Map<String, String> before = snapshot();

        CliHarness.Result r = carti("repo", "add", url);

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        List<String> errors = r.err().lines().filter(l -> l.startsWith("error:")).toList();
        assertThat(errors).as(r.toString()).hasSize(1);
        assertThat(errors.get(0)).startsWith("error: cannot fetch repo " + url + ": ");
        assertThat(r.err()).doesNotContain("\tat ");
        assertThat(snapshot()).as("every file as it was").isEqualTo(before);
    }

    /** The JDK's message for a missing file is only its path: "cannot read /p/m.lua: /p/m.lua". */
    @Test void importOfAMissingLuaFileSaysWhy() throws Exception {
        Files.createDirectories(root.resolve("proj"));
        Files.createDirectories(root.resolve("home/.carti"));
        Map<String, String> before = snapshot();

        CliHarness.Result r = carti("machine", "import", "nothere.lua");

        Path lua = root.resolve("proj/nothere.lua");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: cannot read " + lua + ": " + lua + ": no such file or directory\n");
        assertThat(snapshot()).isEqualTo(before);
    }

    /** Every file and directory under the temp root: path → content (directories: "dir"). */
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.forEach(p -> {
                try {
                    m.put(root.relativize(p).toString(), Files.isDirectory(p) ? "dir" : new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return m;
    }
}
