package io.carti.core.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.CartiEnv;
import io.carti.core.CartiException;
import io.carti.core.json.Json;
import io.carti.core.store.AtomicFiles;
import io.carti.core.store.Layout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where registry credentials come from, first match wins: carti's own store ({@code <carti home>/auth.json},
 * written by {@code carti login}, same shape as Docker's {@code auths}), then Docker's config
 * ({@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json}): {@code credHelpers}, {@code auths},
 * {@code credsStore}.
 */
public final class RegistryCredentials {
    private final CartiEnv env;

    public RegistryCredentials(CartiEnv env) { this.env = env; }

    public Path cartiFile() { return new Layout(env).authJson(); }

    public Path dockerConfig() {
        String dir = env.getenv("DOCKER_CONFIG");
        return dir != null && !dir.isBlank() ? Path.of(dir).resolve("config.json") : env.userHome().resolve(".docker/config.json");
    }

    public Optional<Credential> lookup(String host) {
        Optional<Credential> own = fromAuths(Json.readIfExists(cartiFile()), host);
        if (own.isPresent()) return own;
        JsonNode docker = Json.readIfExists(dockerConfig());
        if (docker == null) return Optional.empty();
        for (String key : keys(host)) {
            String helper = docker.path("credHelpers").path(key).asText(null);
            if (helper != null) return fromHelper(helper, key);
        }
        Optional<Credential> auths = fromAuths(docker, host);
        if (auths.isPresent()) return auths;
        String store = docker.path("credsStore").asText(null);
        return store == null || store.isBlank() ? Optional.empty() : fromHelper(store, host.equals(Reference.DOCKER_HUB) ? "https://index.docker.io/v1/" : host);
    }

    /** {@code carti login}: saves (or replaces) the credential for a host, readable by the user only. */
    public void store(String host, Credential c) {
        ObjectNode root = ownFile();
        ObjectNode auths = root.with("auths");
        auths.putObject(host).put("auth", c.toAuth());
        save(root);
    }

    /** AtomicFiles' temp files are created 0600, so the secret is never readable by others, not even briefly. */
    private void save(ObjectNode root) {
        AtomicFiles.writeString(cartiFile(), Json.pretty(root) + "\n");
        try {
            Files.setPosixFilePermissions(cartiFile(), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new CartiException("cannot restrict the permissions of " + cartiFile() + ": " + e.getMessage(), e);
        }
    }

    /** {@code carti logout}: forgets a host; false when carti had nothing stored for it. */
    public boolean remove(String host) {
        ObjectNode root = ownFile();
        if (!(root.get("auths") instanceof ObjectNode auths) || auths.remove(host) == null) return false;
        save(root);
        return true;
    }

    private ObjectNode ownFile() {
        JsonNode n = Json.readIfExists(cartiFile());
        if (n == null) return Json.object();
        if (!(n instanceof ObjectNode o)) throw new CartiException(CartiException.Kind.INVALID_INPUT, cartiFile() + " is not a JSON object");
        return o;
    }

    /** Docker keys hosts as "host", "https://host" or, for Docker Hub, "https://index.docker.io/v1/". */
    private static List<String> keys(String host) {
        if (host.equals(Reference.DOCKER_HUB) || host.equals("docker.io") || host.equals("index.docker.io")) {
            return List.of("https://index.docker.io/v1/", "index.docker.io", "docker.io", Reference.DOCKER_HUB);
        }
        return List.of(host, "https://" + host, "http://" + host, "https://" + host + "/v2/", "https://" + host + "/v1/");
    }

    private Optional<Path> onPath(String name) {
        String path = env.getenv("PATH") != null ? env.getenv("PATH") : System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    private static Optional<Credential> fromAuths(JsonNode config, String host) {
        if (config == null) return Optional.empty();
        JsonNode auths = config.path("auths");
        for (String k : keys(host)) {
            JsonNode a = auths.get(k);
            if (a == null) continue;
            if (a.hasNonNull("identitytoken") && !a.get("identitytoken").asText().isEmpty()) {
                return Optional.of(Credential.identityToken(a.get("identitytoken").asText()));
            }
            if (a.hasNonNull("auth") && !a.get("auth").asText().isEmpty()) {
                Credential c = Credential.fromAuth(a.get("auth").asText());
                if (c != null) return Optional.of(c);
            }
            if (a.hasNonNull("username") && a.hasNonNull("password")) {
                return Optional.of(new Credential(a.get("username").asText(), a.get("password").asText()));
            }
        }
        return Optional.empty();
    }

    /**
     * Runs {@code docker-credential-<helper> get} with the host on stdin (the docker credential-helper protocol),
     * found on the invocation's PATH (like the tools the drive builders run), else this process's.
     */
    private Optional<Credential> fromHelper(String helper, String host) {
        Optional<Path> exe = onPath("docker-credential-" + helper);
        if (exe.isEmpty()) return Optional.empty(); // helper not installed: behave as for a missing entry
        try {
            Process p = new ProcessBuilder(exe.get().toString(), "get").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(host.getBytes(StandardCharsets.UTF_8));
            } catch (IOException closedEarly) {
                // a helper may exit without reading stdin (e.g. "credentials not found"): its exit status and output answer
            }
            // its answer is a few hundred bytes, far below a pipe's buffer: wait first, so a hung helper cannot hang carti
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new CartiException(CartiException.Kind.FAILED, "credential helper docker-credential-" + helper + " did not answer for " + host);
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) return Optional.empty(); // "credentials not found"
            JsonNode j = Json.parse(out, "docker-credential-" + helper + " output");
            String user = j.path("Username").asText("");
            String secret = j.path("Secret").asText("");
            if (secret.isEmpty()) return Optional.empty();
            // an identity token comes back with the user name "<token>" (see Credential)
            return Optional.of(new Credential(user, secret));
        } catch (IOException e) {
            throw new CartiException(CartiException.Kind.FAILED, "credential helper " + exe.get() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
