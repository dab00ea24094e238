package io.carti.cli.command.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.carti.cli.CliHarness;
import io.carti.core.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code carti compose flash} end to end: real genext2fs, e2fsck and debugfs; the whole CLI in-process or in a child JVM. */
class ComposeFlashCommandTest {
    @TempDir Path tmp;
    Path project, home;
    CliHarness cli;

    @BeforeEach void setUp() throws IOException {
        project = Files.createDirectories(tmp.resolve("project"));
        home = Files.createDirectories(tmp.resolve("home"));
        cli = new CliHarness(project, home);
    }

    static String run(Path cwd, Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (cwd != null) pb.directory(cwd.toFile());
        pb.environment().put("PATH", pb.environment().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin");
        if (env != null) pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        if (code != 0) throw new AssertionError(String.join(" ", cmd) + " exited " + code + ":\n" + out);
        return out;
    }

    /** A genext2fs image of {@code files}; genext2fs -d copies host mtimes, so {@code mtime} changes the image bytes. */
    Path image(String name, Map<String, String> files, long mtimeMillis) throws Exception {
        Path dir = tmp.resolve("src-" + name + "-" + mtimeMillis);
        for (var e : files.entrySet()) {
            Path f = dir.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.toList()) Files.setLastModifiedTime(p, FileTime.fromMillis(mtimeMillis));
        }
        Path img = tmp.resolve(name + "-" + mtimeMillis + ".ext2");
        run(null, null, "genext2fs", "-B", "1024", "-b", "1024", "-N", "64", "-d", dir.toString(), img.toString());
        return img;
    }

    String bundle(CliHarness h, Path file, String type, String name) {
        CliHarness.Result r = h.run("bundle", "-t", type, "-n", name, "-v", "1.0.0", "-d", "test", file.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.out().replaceAll("(?s).* as (\\S+)\\s*", "$1");
    }

    static final Map<String, String> A = Map.of("bin/tool-a", "#!/bin/sh\necho a\n", "share/a/README", "a\n");
    static final Map<String, String> B = Map.of("bin/tool-b", "#!/bin/sh\necho b\n", "share/b/README", "b\n");

    @Test void composesByNameAndPrintsTheCid() throws Exception {
        bundle(cli, image("a", A, 1_000_000_000_000L), "flashdrive", "tools-a");
        bundle(cli, image("b", B, 1_000_000_000_000L), "flashdrive", "tools-b");
        bundle(cli, Fixtures.path("dapp-test-data.ext2"), "flashdrive", "dapp-test-data");
        CliHarness.Result r = cli.run("compose", "flash", "--name", "my-util", "tools-a", "tools-b", "dapp-test-data");
        assertThat(r.exit()).as(r.toString()).isZero();
        String cid = r.out().trim();
        assertThat(cid).startsWith("baenrw").doesNotContain("\n");
        assertThat(r.err()).contains("- Composing 3 bundles into my-util (merge)").contains("Merkle root");

        CliHarness.Result which = cli.run("which", "my-util");
        assertThat(which.out()).startsWith("my-util:" + cid + ":1.0.0:");
        Path stored = project.resolve("carti_bundles").resolve(cid).resolve("my-util.ext2");
        run(null, null, "e2fsck", "-fn", stored.toString());
        String ls = run(null, null, "debugfs", "-R", "ls -p /bin", stored.toString());
        assertThat(ls).contains("/tool-a/").contains("/tool-b/");

        // the recorded Merkle root is what carti hash computes, and hash accepts the CID or the name
        CliHarness.Result json = cli.run("compose", "flash", "--name", "my-util", "--json", "tools-b", "dapp-test-data", "tools-a");
        assertThat(json.exit()).as(json.toString()).isZero();
        var record = io.carti.core.json.Json.parse(json.out(), "compose --json");
        assertThat(record.get("id").asText()).isEqualTo(cid);
        assertThat(record.get("policy").asText()).isEqualTo("merge");
        assertThat(record.get("inputs")).hasSize(3);
        assertThat(cli.run("hash", "--merkle", cid).out().trim()).isEqualTo(record.get("merkleRoot").asText());
        assertThat(cli.run("hash", "--merkle", "my-util").out().trim()).isEqualTo(record.get("merkleRoot").asText());
        assertThat(run(null, null, "sha256sum", stored.toString())).startsWith(record.get("sha256").asText());
    }

    /**
     * The same contents give byte-identical drives whatever the sources' mtimes, the umask, TZ, locale, working
     * directory and (under merge) the input order: a second project in a child JVM with a hostile environment.
     */
    @Test void deterministicAcrossEnvironments() throws Exception {
        String a1 = bundle(cli, image("a", A, 1_000_000_000_000L), "flashdrive", "tools-a");
        String b1 = bundle(cli, image("b", B, 1_000_000_000_000L), "flashdrive", "tools-b");
        CliHarness.Result first = cli.run("compose", "flash", "--name", "u", "tools-a", "tools-b");
        assertThat(first.exit()).as(first.toString()).isZero();

        Path other = Files.createDirectories(tmp.resolve("elsewhere/deeper"));
        Path otherHome = Files.createDirectories(tmp.resolve("home2"));
        CliHarness cli2 = new CliHarness(other, otherHome);
        String a2 = bundle(cli2, image("a", A, 1_600_000_000_000L), "flashdrive", "tools-a");
        String b2 = bundle(cli2, image("b", B, 1_700_000_000_000L), "flashdrive", "tools-b");
        assertThat(a2).as("the input images differ (mtimes)").isNotEqualTo(a1);
        assertThat(b2).isNotEqualTo(b1);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "umask 077; exec \"$@\"", "sh", java, "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "io.carti.cli.Main", "compose", "flash", "--name", "u", "tools-b", "tools-a"));
        String out = run(other, Map.of("CARTI_HOME", otherHome.resolve(".carti").toString(), "TZ", "Pacific/Kiritimati",
                "LC_ALL", "C", "LANG", "tr_TR.UTF-8", "HOME", otherHome.toString()), cmd.toArray(String[]::new));
        String lastLine = out.strip().lines().reduce((x, y) -> y).orElse("");
        assertThat(lastLine).isEqualTo(first.out().trim());
        assertThat(Files.mismatch(project.resolve("carti_bundles").resolve(lastLine).resolve("u.ext2"),
                other.resolve("carti_bundles").resolve(lastLine).resolve("u.ext2"))).isEqualTo(-1);
    }

    @Test void conflictsAndOverlay() throws Exception {
        bundle(cli, image("a", Map.of("etc/app.conf", "one\n"), 0), "flashdrive", "conf-a");
        String b = bundle(cli, image("b", Map.of("etc/app.conf", "two\n"), 0), "flashdrive", "conf-b");
        CliHarness.Result r = cli.run("compose", "flash", "--name", "u", "conf-a", "conf-b");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("error: conflict at 'etc/app.conf': bundle conf-a (").contains("and bundle conf-b (" + b + ")")
                .contains("--overlay");
        assertThat(project.resolve("carti_bundles/.carti/.bundles_index.json")).content().doesNotContain("\"u\"");
        CliHarness.Result o = cli.run("compose", "flash", "--name", "u", "--overlay", "conf-a", "conf-b");
        assertThat(o.exit()).as(o.toString()).isZero();
        Path stored = project.resolve("carti_bundles").resolve(o.out().trim()).resolve("u.ext2");
        assertThat(run(null, null, "debugfs", "-R", "cat /etc/app.conf", stored.toString())).contains("two");
    }

    @Test void clearErrors() throws Exception {
        bundle(cli, image("a", A, 0), "flashdrive", "tools-a");
        bundle(cli, Fixtures.path("rom.bin"), "rom", "my-rom");
        CliHarness.Result rom = cli.run("compose", "flash", "--name", "u", "tools-a", "my-rom");
        assertThat(rom.exit()).isEqualTo(1);
        assertThat(rom.err()).contains("error: bundle my-rom (").contains("is a rom bundle, not a flashdrive");

        CliHarness.Result missing = cli.run("compose", "flash", "--name", "u", "tools-a", "nope");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("error: bundle 'nope' is not installed");

        CliHarness.Result small = cli.run("compose", "flash", "--name", "u", "--size", "16K", "tools-a");
        assertThat(small.exit()).isEqualTo(1);
        assertThat(small.err()).contains("error: the requested size 16384 bytes is too small: the contents need at least");
        assertThat(cli.run("compose", "flash", "--name", "u", "--size", "lots", "tools-a").err()).contains("invalid size 'lots'");

        Path empty = Files.createDirectories(tmp.resolve("empty-bin"));
        CliHarness noTool = new CliHarness(project, home).env("PATH", empty.toString());
        CliHarness.Result nog = noTool.run("compose", "flash", "--name", "u", "tools-a");
        assertThat(nog.err()).contains("error: genext2fs is not installed").contains("apt-get install genext2fs");
        CliHarness.Result emu = noTool.run("compose", "flash", "--name", "u", "--engine", "emulator", "tools-a");
        assertThat(emu.err()).contains("error: the emulator engine needs cartesi-machine on PATH");
        assertThat(cli.run("compose", "flash", "--name", "u", "--engine", "qemu", "tools-a").err()).contains("unknown engine 'qemu'");

        CliHarness.Result usage = cli.run("compose", "flash", "tools-a");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(cli.run("compose").exit()).isEqualTo(2);
        assertThat(cli.run("which", "u").out()).isEmpty();
    }

    @Test void sizes() {
        assertThat(ByteSize.parse("4096")).isEqualTo(4096);
        assertThat(ByteSize.parse("64Mi")).isEqualTo(64L << 20);
        assertThat(ByteSize.parse("64M")).isEqualTo(64L << 20);
        assertThat(ByteSize.parse("1GiB")).isEqualTo(1L << 30);
        assertThat(ByteSize.parse("0x100000")).isEqualTo(1L << 20);
        assertThat(ByteSize.parse("8k")).isEqualTo(8192);
    }
}
