package io.carti.core.oci;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** Debian's {@code docker-registry} (distribution 2.8) on 127.0.0.1, filesystem storage in a temp dir, optional htpasswd. */
public final class LocalRegistry implements AutoCloseable {
    private final Process process;
    private final int port;

    private LocalRegistry(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static LocalRegistry start(Path dir, String user, String password) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) { port = s.getLocalPort(); }
        Files.createDirectories(dir.resolve("data"));
        StringBuilder cfg = new StringBuilder("version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ")
                .append(dir.resolve("data")).append("\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:").append(port).append("\n");
        if (user != null) {
            String line = TestImages.run(dir, "htpasswd", "-Bbn", user, password).trim();
            Files.writeString(dir.resolve("htpasswd"), line + "\n");
            cfg.append("auth:\n  htpasswd:\n    realm: carti-test\n    path: ").append(dir.resolve("htpasswd")).append("\n");
        }
        Files.writeString(dir.resolve("config.yml"), cfg);
        Process p = new ProcessBuilder("docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        LocalRegistry r = new LocalRegistry(p, port);
        for (int i = 0; i < 200; i++) {
            if (!p.isAlive()) throw new AssertionError("docker-registry exited: " + Files.readString(dir.resolve("registry.log")));
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/v2/").toURL().openConnection();
                c.setConnectTimeout(200);
                int code = c.getResponseCode();
                if (code == 200 || code == 401) return r;
            } catch (IOException notYet) { /* starting */ }
            Thread.sleep(50);
        }
        r.close();
        throw new AssertionError("docker-registry did not start on port " + port);
    }

    public String host() { return "127.0.0.1:" + port; }

    @Override public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
