package io.carti.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.carti.core.CartiEnv;
import io.carti.core.cid.Cid;
import io.carti.core.cid.CidHasher;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Not a command: the {@code ./carti} launcher runs this once when it (re)makes its class-data-sharing archive, with
 * {@code -XX:DumpLoadedClassList}. It runs {@code install} and {@code machine install} against an HTTP server on
 * 127.0.0.1 inside this JVM, so the classes of a real download (HttpURLConnection's, carti's transfer and progress
 * classes) are archived too and an install never opens the 35 MB jar. Training only: failures are ignored.
 * <pre>java -XX:DumpLoadedClassList=… -cp carti.jar io.carti.cli.CdsTraining SCRATCH_DIR_WITH_t.bin</pre>
 */
public final class CdsTraining {
    private CdsTraining() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]).toAbsolutePath();
        Path file = dir.resolve("t.bin");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", new FileHandler(file));
        server.start();
        try {
            Cid cid = CidHasher.hash(file);
            String uri = "http://127.0.0.1:" + server.getAddress().getPort() + "/t.bin";
            Path repo = Files.createDirectories(dir.resolve("http-repo"));
            Files.writeString(repo.resolve("bundles.json"), "{\"bundles\":[{\"bundleType\":\"raw\",\"deps\":[],\"fileName\":\"h.bin\",\"id\":\""
                    + cid + "\",\"name\":\"h\",\"uri\":\"" + uri + "\",\"version\":\"1\"}]}");
            Path project = Files.createDirectories(dir.resolve("http-project"));
            Files.writeString(project.resolve("pkg.json"), "{\"assets\":[{\"cid\":\"" + cid + "\",\"name\":\"h\",\"fileName\":\"h.bin\"}],"
                    + "\"machineConfig\":{\"flash_drive\":[{\"cid\":\"" + cid + "\",\"start\":\"0x8000000000000000\",\"label\":\"root\","
                    + "\"length\":\"0x400000\",\"shared\":false}],\"ram\":{\"cid\":\"" + cid + "\",\"length\":\"0x4000000\"},"
                    + "\"rom\":{\"cid\":\"" + cid + "\"},\"boot\":{\"args\":\"ls\"}},\"version\":\"1\"}");
            Map<String, String> vars = new HashMap<>(System.getenv());
            vars.put("CARTI_HOME", dir.resolve("http-home").toString());
            CartiEnv env = CartiEnv.of(project, dir, vars);
            // output discarded: the training is run by the launcher, and in-process by a test whose stdout is surefire's
            java.io.PrintStream nowhere = new java.io.PrintStream(java.io.OutputStream.nullOutputStream(), true, java.nio.charset.StandardCharsets.UTF_8);
            Console quiet = new Console(nowhere, nowhere, java.io.InputStream.nullInputStream(), false, false);
            Main.run(new String[] {"repo", "add", repo.toString()}, env, quiet);
            Main.run(new String[] {"install", "-y", "h"}, env, quiet);
            Main.run(new String[] {"machine", "install", "-n", "-j", "2", "--norepo", "--nobuild", "--nobundle", "pkg.json"}, env, quiet);
        } finally {
            server.stop(0);
        }
    }

    private static final class FileHandler implements HttpHandler {
        private final Path file;

        FileHandler(Path file) { this.file = file; }

        @Override public void handle(HttpExchange exchange) throws IOException {
            exchange.sendResponseHeaders(200, Files.size(file));
            try (OutputStream out = exchange.getResponseBody()) {
                Files.copy(file, out);
            }
        }
    }
}
