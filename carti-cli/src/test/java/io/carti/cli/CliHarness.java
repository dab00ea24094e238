package io.carti.cli;

import io.carti.core.CartiEnv;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the whole CLI in-process, as a user in directory {@code cwd} with home {@code home} would
 * (CARTI_HOME = home/.carti unless set in {@code vars}). Stdin is not a terminal.
 */
public final class CliHarness {
    private final Path cwd;
    private final Path home;
    private final Map<String, String> vars = new HashMap<>();

    public CliHarness(Path cwd, Path home) {
        this.cwd = cwd;
        this.home = home;
    }

    public CliHarness env(String name, String value) {
        vars.put(name, value);
        return this;
    }

    public record Result(int exit, String out, String err) {
        @Override public String toString() { return "exit=" + exit + "\n--- stdout\n" + out + "--- stderr\n" + err; }
    }

    public Result run(String... args) { return runWithInput("", args); }

    public Result runWithInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), false, false);
        int code = Main.run(args, CartiEnv.of(cwd, home, vars), console);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public Path cwd() { return cwd; }

    public Path home() { return home; }
}
