package io.carti.core.oci;

import static io.carti.core.oci.TestImages.dir;
import static io.carti.core.oci.TestImages.file;
import static io.carti.core.oci.TestImages.layer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.carti.core.drive.FileTree;
import io.carti.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime bundle's {@code config.json} against the one {@code umoci unpack} generates from the same image:
 * the process (args, env, cwd) and the user, resolved against the image's /etc/passwd and /etc/group the way
 * runc's libcontainer does (unknown numeric uid → gid 0; supplementary groups from /etc/group).
 */
class RuntimeSpecVsUmociTest {
    @TempDir Path tmp;

    private static final List<TestImages.LayerSpec> LAYERS = List.of(layer(TestImages.Compression.GZIP,
            dir("etc", 0755),
            file("etc/passwd", 0644, "root:x:0:0:root:/root:/bin/sh\ndapp:x:1001:1002:dapp:/home/dapp:/bin/sh\nnobody:x:65534:65534::/:/bin/false\n"),
            file("etc/group", 0644, "root:x:0:\ndapp:x:1002:\naudio:x:29:dapp\nvideo:x:44:nobody,dapp\nstaff:x:50:\n"),
            dir("opt", 0755), dir("opt/dapp", 0755), file("opt/dapp/run", 0755, "#!/bin/sh\n")));

    @Test
    void processAndUserMatchUmoci() throws Exception {
        int i = 0;
        for (String user : List.of("", "0", "dapp", "dapp:staff", "1001", "1001:44", "4242", "nobody:dapp")) {
            TestImages.Config c = new TestImages.Config();
            c.user = user;
            c.entrypoint = List.of("/opt/dapp/run", "--flag");
            c.cmd = List.of("it's an arg");
            c.env = List.of("GREETING=hi there", "PATH=/opt/dapp:/bin");
            c.workingDir = "/opt/dapp";
            Path layout = tmp.resolve("img" + i);
            TestImages.layout(layout, "v1", c, LAYERS);
            Path bundle = tmp.resolve("umoci" + i++);
            TestImages.run(tmp, "umoci", "unpack", "--rootless", "--image", layout + ":v1", bundle.toString());
            JsonNode theirs = Json.readIfExists(bundle.resolve("config.json")).get("process");

            ResolvedImage img = new OciLayoutDir(layout, "v1").resolve(Platform.RISCV64);
            FileTree tree = new LayerFlattener(Files.createDirectories(tmp.resolve("work" + i)), 1L << 30).flatten(img.layers());
            JsonNode ours = RuntimeSpec.generate(img.config(), Users.resolve(img.config().user(), tree)).get("process");

            assertThat(ours.get("args")).as(user).isEqualTo(theirs.get("args"));
            assertThat(ours.get("cwd")).as(user).isEqualTo(theirs.get("cwd"));
            assertThat(ours.get("user").toString()).as("user '" + user + "'").isEqualTo(theirs.get("user").toString());
            // the same variables; umoci adds TERM for the terminal it asks for, and lists PATH first
            assertThat(strings(ours.get("env"))).as(user).containsExactlyInAnyOrderElementsOf(strings(theirs.get("env")).stream()
                    .filter(e -> !e.startsWith("TERM=")).toList());
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> l = new java.util.ArrayList<>();
        array.forEach(e -> l.add(e.asText()));
        return l;
    }

}
