package io.carti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;

/** The command table {@link Main} builds its model from, and the one-command model used for speed. */
class MainTest {
    @TempDir Path cwd;
    @TempDir Path home;

    @Test
    void everyCommandIsRegisteredUnderItsAnnotatedName() {
        for (Map.Entry<String, Class<?>> e : Main.COMMANDS.entrySet()) {
            assertThat(e.getValue().getAnnotation(Command.class).name()).as(e.getValue().getName()).isEqualTo(e.getKey());
        }
    }

    @Test
    void everySubcommandIsRegisteredUnderItsAnnotatedName() throws Exception {
        int parents = 0;
        for (Class<?> top : Main.COMMANDS.values()) parents += checkSubcommands(top);
        assertThat(parents).as("parent commands found").isGreaterThanOrEqualTo(8);
    }

    private static int checkSubcommands(Class<?> cls) throws Exception {
        assertThat(cls.getAnnotation(Command.class).subcommands()).as(cls.getName() + " declares no annotation subcommands").isEmpty();
        if (!ParentCommand.class.isAssignableFrom(cls)) return 0;
        java.lang.reflect.Constructor<?> ctor = cls.getDeclaredConstructor();
        ctor.setAccessible(true);
        int n = 1;
        for (Map.Entry<String, Class<?>> e : ((ParentCommand) ctor.newInstance()).subcommands().entrySet()) {
            assertThat(e.getValue().getAnnotation(Command.class).name()).as(e.getValue().getName()).isEqualTo(e.getKey());
            n += checkSubcommands(e.getValue());
        }
        return n;
    }

    @Test
    void parentHelpListsEverySubcommandAndANamedOneRunsAlone() {
        CliHarness.Result help = new CliHarness(cwd, home).run("machine", "--help");
        assertThat(help.exit()).as(help.toString()).isZero();
        for (String sub : new String[] {"init", "add", "rm", "repo", "build", "check", "import", "install"}) {
            assertThat(help.out()).as(sub).containsPattern("(?m)^  " + sub + "\\b");
        }
        CliHarness.Result nested = new CliHarness(cwd, home).run("--offline", "machine", "repo", "list");
        assertThat(nested.err()).doesNotContain("Unmatched");
    }

    @Test
    void aMistypedSubcommandGetsASuggestion() {
        CliHarness.Result r = new CliHarness(cwd, home).run("machine", "instal", "x.json");
        assertThat(r.exit()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("Did you mean: install");
    }

    @Test
    void rootHelpListsEveryCommand() {
        CliHarness.Result r = new CliHarness(cwd, home).run("--help");
        assertThat(r.exit()).isZero();
        for (String name : Main.COMMANDS.keySet()) assertThat(r.out()).as(name).containsPattern("(?m)^  " + name + "\\b");
    }

    @Test
    void aNamedCommandRunsWithGlobalOptionsBeforeIt() {
        CliHarness.Result r = new CliHarness(cwd, home).run("--offline", "--debug", "version");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo(Main.VERSION + "\n");
    }

    @Test
    void oneCommandModelStillParsesItsSubcommandsAndHelp() {
        CliHarness.Result r = new CliHarness(cwd, home).run("machine", "add", "--help");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("flash").contains("rom").contains("ram");
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithASuggestion() {
        CliHarness.Result r = new CliHarness(cwd, home).run("lst");
        assertThat(r.exit()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("error: Unmatched argument at index 0: 'lst'").contains("Did you mean: list");
    }

    /**
     * §2: paths come from the cwd and Node's os.homedir(), which is $HOME; upstream's recorded runs set HOME per
     * scenario. The JVM's user.home (the passwd entry) must not win over it.
     */
    @Test
    void theHomeIsDollarHomeNotThePasswdEntry() throws Exception {
        Path repo = cwd.resolve("repo");
        java.nio.file.Files.createDirectories(repo);
        java.nio.file.Files.writeString(repo.resolve("bundles.json"), "{\"bundles\":[]}");
        Path passwdHome = java.nio.file.Files.createDirectories(cwd.resolve("passwd-home"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + passwdHome, "-cp", System.getProperty("java.class.path"), "io.carti.cli.Main", "repo", "add", "repo")
                .directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().remove("CARTI_HOME");
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        assertThat(home.resolve(".carti/.bundles_index.json")).exists();
        assertThat(passwdHome.resolve(".carti")).doesNotExist();
    }
}
