package io.carti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.carti.core.json.Json;
import io.carti.core.testing.Fixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code carti bundle} from URLs (a real HTTP server on 127.0.0.1), the local commands, prompts and errors. */
class BundleCommandTest {
    static final String ROM_CID = "baenrwigfd3thblxcse7nvzwsebphtfre5nsmfl3wymz5n3jgi3aqwhsocy";
    @TempDir Path proj;
    @TempDir Path home;
    HttpServer server;
    String base;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] rom = Files.readAllBytes(Fixtures.path("rom.bin"));
        server.createContext("/quoted", ex -> {
            ex.getResponseHeaders().add("Content-Disposition", "attachment; filename=\"rom.bin\"");
            send(ex, 200, rom);
        });
        server.createContext("/plain/linux.bin", ex -> send(ex, 200, "fakelinux".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/redirect", ex -> {
            ex.getResponseHeaders().add("Location", "/quoted");
            send(ex, 302, new byte[0]);
        });
        server.createContext("/missing", ex -> send(ex, 404, "nope".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/short", ex -> {
            ex.sendResponseHeaders(200, 100);
            ex.getResponseBody().write("only a few bytes".getBytes(StandardCharsets.UTF_8));
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() { server.stop(0); }

    private static void send(com.sun.net.httpserver.HttpExchange ex, int code, byte[] body) throws IOException {
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
        }
    }

    private CliHarness.Result carti(String... args) { return new CliHarness(proj, home).run(args); }

    @Test
    void bundlesAUrlUsingContentDispositionWithoutQuotes() throws IOException {
        CliHarness.Result r = carti("bundle", "-t", "rom", "-n", "rom", "-v", "1", "-d", "d", base + "/redirect");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("bundled: rom as " + ROM_CID + "\n");
        Path stored = proj.resolve("carti_bundles/" + ROM_CID + "/rom.bin");
        assertThat(stored).hasContent("fakerom");
        JsonNode meta = Json.parse(Files.readString(stored.resolveSibling("carti-meta.json")), "meta");
        assertThat(meta.get("fileName").asText()).isEqualTo("rom.bin");
        assertThat(meta.get("desc").asText()).isEqualTo("d");
    }

    @Test
    void urlFileNameFallsBackToPathAndHonoursFilenameOption() {
        assertThat(carti("bundle", "-t", "ram", "-n", "k", "-v", "1", "-d", "d", base + "/plain/linux.bin").exit()).isZero();
        assertThat(proj.resolve("carti_bundles/baenrwiekn3qdmotnl3jm5swsespejzbycv2wjb2itzzy3n4ouezhv4s34u/linux.bin")).exists();
        assertThat(carti("bundle", "-t", "rom", "-n", "r", "-v", "1", "-d", "d", "-f", "my.rom", base + "/quoted").exit()).isZero();
        assertThat(proj.resolve("carti_bundles/" + ROM_CID + "/my.rom")).hasContent("fakerom");
    }

    @Test
    void httpErrorsAreOneLineAndWriteNothing() {
        CliHarness.Result r = carti("bundle", "-t", "rom", "-n", "r", "-v", "1", "-d", "d", base + "/missing");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("error: Failed to get '" + base + "/missing' (404)");
        assertThat(r.out()).isEmpty();
        assertThat(proj.resolve("carti_bundles")).doesNotExist();

        CliHarness.Result t = carti("bundle", "-t", "rom", "-n", "r", "-v", "1", "-d", "d", base + "/short");
        assertThat(t.exit()).isEqualTo(1);
        assertThat(t.err()).contains("error: ").contains(base + "/short");
        assertThat(proj.resolve("carti_bundles")).doesNotExist();

        CliHarness.Result u = carti("bundle", "-t", "rom", "-n", "r", "-v", "1", "-d", "d", "http://127.0.0.1:1/x.bin");
        assertThat(u.exit()).isEqualTo(1);
        assertThat(u.err()).contains("error: cannot download http://127.0.0.1:1/x.bin");
    }

    @Test
    void localCommandsAndJson() throws IOException {
        Files.copy(Fixtures.path("rom.bin"), proj.resolve("rom.bin"));
        assertThat(carti("bundle", "-t", "rom", "-n", "rom", "-v", "1.0.0", "-d", "x", "rom.bin").exit()).isZero();
        Path romPath = proj.resolve("carti_bundles/" + ROM_CID + "/rom.bin");
        assertThat(carti("which", "rom").out()).isEqualTo("rom:" + ROM_CID + ":1.0.0:" + romPath + "\n");
        assertThat(carti("get", "-p", "-y", "rom").out()).isEqualTo(romPath + "\n");
        assertThat(carti("get", "-r", "rom").out()).isEqualTo("carti_bundles/" + ROM_CID + "/rom.bin\n");
        assertThat(carti("list").out()).isEqualTo("@rom/rom:1.0.0:" + ROM_CID + ":local\n");
        JsonNode list = Json.parse(carti("list", "--json").out(), "list");
        assertThat(list.get(0).get("tag").asText()).isEqualTo("local");
        JsonNode which = Json.parse(carti("which", "--json", "rom").out(), "which");
        assertThat(which.get(0).get("path").asText()).isEqualTo(romPath.toString());
        JsonNode get = Json.parse(carti("get", "--json", "-y", "rom").out(), "get");
        assertThat(get.get(0).get("id").asText()).isEqualTo(ROM_CID);
        CliHarness.Result missing = carti("get", "-y", "nosuch");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("error: ").contains("nosuch");
    }

    @Test
    void emptyListPrintsOneEmptyLineAndVersionWorks() {
        assertThat(carti("list").out()).isEqualTo("\n");
        assertThat(carti("version").out()).isEqualTo(Main.VERSION + "\n");
        assertThat(carti("--version").out()).isEqualTo(Main.VERSION + "\n");
        assertThat(carti("defaults").out()).startsWith("\n\n\nDon't forget to add the default repo!\n");
        assertThat(carti("docker").out()).contains("cartesi/playground");
    }

    @Test
    void usageErrorsExit2() {
        CliHarness.Result r = carti("bundle", "-t", "rom", "x.bin");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: Missing required options");
        assertThat(carti("nosuchcommand").exit()).isEqualTo(2);
        assertThat(carti().exit()).isEqualTo(2);
    }

    @Test
    void missingFileAndDirectoryAreClearErrorsAndLeaveNoStore() throws IOException {
        CliHarness.Result r = carti("bundle", "-t", "rom", "-n", "m", "-v", "1", "-d", "x", "nofile.bin");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("error: no such file: " + proj.resolve("nofile.bin"));
        Files.createDirectories(proj.resolve("adir"));
        CliHarness.Result d = carti("bundle", "-t", "rom", "-n", "m", "-v", "1", "-d", "x", "adir");
        assertThat(d.err()).contains("error: " + proj.resolve("adir") + " is a directory");
        try (Stream<Path> s = Files.list(proj)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("adir");
        }
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] cmd : new String[][] {{"bundle"}, {"list"}, {"which"}, {"get"}, {"version"}, {"machine"}, {"machine", "add", "flash"},
                {"machine", "build"}, {"repo", "add"}, {"publish", "s3"}, {"compose", "flash"}, {"hash"}, {"oci"}}) {
            String[] args = java.util.Arrays.copyOf(cmd, cmd.length + 1);
            args[cmd.length] = "--help";
            CliHarness.Result r = carti(args);
            assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
            assertThat(r.out()).as(String.join(" ", args)).contains("Usage: carti " + String.join(" ", cmd));
        }
    }

    @Test
    void completionScriptIsBash() {
        CliHarness.Result r = carti("completion", "bash");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("complete -F _complete_carti").contains("bundle").contains("which");
        assertThat(carti("completion", "fish").exit()).isEqualTo(1);
    }
}
