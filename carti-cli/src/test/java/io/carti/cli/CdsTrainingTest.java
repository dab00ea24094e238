package io.carti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.carti.core.cid.CidHasher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's archive training really downloads over http (else its classes would not be archived). */
class CdsTrainingTest {
    @TempDir Path dir;

    @Test
    void installsTheFileOverHttp() throws Exception {
        byte[] bytes = new byte[1_500_000];
        new Random(7).nextBytes(bytes);
        Files.write(dir.resolve("t.bin"), bytes);
        String cid = CidHasher.hash(dir.resolve("t.bin")).toString();

        CdsTraining.main(new String[] {dir.toString()});

        Path installed = dir.resolve("http-project/carti_bundles").resolve(cid).resolve("h.bin");
        assertThat(installed).exists().hasBinaryContent(bytes); // its only source is the training's http server
    }
}
