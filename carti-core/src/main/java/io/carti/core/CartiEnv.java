package io.carti.core;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a carti invocation runs: the project directory (upstream's cwd), the user's home and the carti home
 * ({@code ~/.carti}, moved by {@code CARTI_HOME}). Every path carti touches derives from this object, so tests
 * run many "machines" in one JVM by passing different environments.
 */
public record CartiEnv(Path cwd, Path userHome, Path cartiHome, Map<String, String> variables) {

    public CartiEnv {
        cwd = cwd.toAbsolutePath().normalize();
        userHome = userHome.toAbsolutePath().normalize();
        cartiHome = cartiHome.toAbsolutePath().normalize();
        variables = Map.copyOf(variables);
    }

    /**
     * The environment of this process: {@code user.dir}, the home directory and {@code CARTI_HOME}. The home is
     * {@code $HOME} when it is set and not empty, else {@code user.home} (the passwd entry), as Node's
     * {@code os.homedir()} which upstream used: the JVM's {@code user.home} ignores {@code $HOME}.
     */
    public static CartiEnv system() {
        return of(Path.of(System.getProperty("user.dir")), home(System.getenv(), System.getProperty("user.home")), System.getenv());
    }

    /** {@code $HOME} from {@code vars} when set and not empty, else {@code fallback}. */
    public static Path home(Map<String, String> vars, String fallback) {
        String h = vars.get("HOME");
        return Path.of(h != null && !h.isEmpty() ? h : fallback);
    }

    /** An environment for a given cwd and home; {@code CARTI_HOME} in {@code vars} overrides {@code <home>/.carti}. */
    public static CartiEnv of(Path cwd, Path home, Map<String, String> vars) {
        String ch = vars.get("CARTI_HOME");
        Path cartiHome = ch != null && !ch.isBlank() ? Path.of(ch) : home.resolve(".carti");
        return new CartiEnv(cwd, home, cartiHome, vars);
    }

    public String getenv(String name) { return variables.get(name); }

    /** Resolves a user-supplied path against the project directory (Node's {@code path.resolve}). */
    public Path resolve(String path) { return cwd.resolve(path).toAbsolutePath().normalize(); }

    public CartiEnv withCwd(Path newCwd) { return new CartiEnv(newCwd, userHome, cartiHome, variables); }
}
